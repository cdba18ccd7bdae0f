using System.Text.RegularExpressions;

namespace KafkaNet.Fuzz;

/// <summary>
/// Failures the broker logged (a handler that threw closes its connection instead of answering):
/// not a failed invariant, but each kind is printed with where it was thrown, to be looked into.
/// </summary>
internal static partial class BrokerLogScan
{
    public static List<(string Kind, int Count)> FailuresLogged(IEnumerable<string> logPaths)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string path in logPaths.Where(File.Exists))
        {
            string? exception = null;
            string? thrownAt = null;
            bool inFailure = false;
            foreach (string line in File.ReadLines(path))
            {
                if (Timestamped().IsMatch(line))
                {
                    Flush();
                    inFailure = line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal);
                    continue;
                }
                if (!inFailure)
                {
                    continue;
                }
                if (exception is null && ExceptionLine().Match(line) is { Success: true } e)
                {
                    exception = e.Groups[1].Value;
                }
                else if (thrownAt is null && OurFrame().Match(line) is { Success: true } f)
                {
                    thrownAt = f.Groups[1].Value;
                }
            }
            Flush();

            void Flush()
            {
                if (inFailure && exception is not null)
                {
                    string kind = $"{exception} at {thrownAt ?? "?"}";
                    counts[kind] = counts.GetValueOrDefault(kind) + 1;
                }
                exception = null;
                thrownAt = null;
                inFailure = false;
            }
        }
        return counts.OrderByDescending(c => c.Value).Select(c => (c.Key, c.Value)).ToList();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")]
    private static partial Regex Timestamped();

    [GeneratedRegex(@"^\s+([\w.]+(?:Exception|Error)):")]
    private static partial Regex ExceptionLine();

    [GeneratedRegex(@"^\s+at (KafkaNet\.[\w.`]+)\(")]
    private static partial Regex OurFrame();
}
