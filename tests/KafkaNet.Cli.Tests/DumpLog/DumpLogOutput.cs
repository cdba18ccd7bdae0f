using System.Globalization;
using System.Text.RegularExpressions;

namespace KafkaNet.Cli.Tests.DumpLog;

/// <summary>Masks what the broker chose at run time: its clock, CRCs over it, and client member ids.</summary>
internal static partial class DumpLogOutput
{
    public static string Mask(string text, string dataDirectory)
    {
        text = text.Replace(dataDirectory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        // Records carry fixed times near DumpLogFixture.Time; anything far later is the broker's clock.
        text = Timestamp().Replace(text, m => long.Parse(m.Value, CultureInfo.InvariantCulture) > DumpLogFixture.Time + 1_000_000 ? "NOW" : m.Value);
        text = MemberId().Replace(text, "rdkafka-MEMBER");
        return string.Join('\n', text.Split('\n').Select(line => line.Contains("NOW", StringComparison.Ordinal) ? Crc().Replace(line, "crc: CRC") : line));
    }

    [GeneratedRegex(@"\b1\d{12}\b")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"rdkafka-[0-9a-f-]{36}")]
    private static partial Regex MemberId();

    [GeneratedRegex(@"crc: \d+")]
    private static partial Regex Crc();
}
