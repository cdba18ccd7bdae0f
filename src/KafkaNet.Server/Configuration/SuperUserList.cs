namespace KafkaNet.Server.Configuration;

/// <summary>super.users as Kafka reads it: principals separated by semicolons, blanks ignored.</summary>
public static class SuperUserList
{
    public static IEnumerable<string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }
}
