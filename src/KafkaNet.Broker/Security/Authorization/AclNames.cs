using System.Text;

namespace KafkaNet.Broker.Security.Authorization;

/// <summary>The upper-case names Kafka prints for ACL enums (TRANSACTIONAL_ID, DESCRIBE_CONFIGS, PREFIXED...).</summary>
public static class AclNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            return "UNKNOWN";
        }
        string name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }
            text.Append(char.ToUpperInvariant(name[i]));
        }
        return text.ToString();
    }

    /// <summary>True for UNKNOWN (code 0) and for codes Kafka does not define.</summary>
    public static bool IsUnknown<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        !Enum.IsDefined(value) || Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0;
}
