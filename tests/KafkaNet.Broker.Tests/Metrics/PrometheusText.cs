using System.Globalization;
using System.Text;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>One sample of a scrape: metric name, labels and value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.GetValueOrDefault(name);
}

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): every line must be blank, a comment
/// (# HELP and # TYPE checked), or <c>name{label="value",...} value [timestamp]</c> with only the escapes \\, \" and \n
/// in label values. Anything else throws <see cref="FormatException"/> naming the line.
/// </summary>
internal static class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static List<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        int number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            try
            {
                if (ParseLine(line.TrimEnd('\r')) is { } sample)
                {
                    samples.Add(sample);
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {number}: {e.Message}: {line}", e);
            }
        }
        return samples;
    }

    public static PrometheusSample? ParseLine(string line)
    {
        if (line.Trim().Length == 0)
        {
            return null;
        }
        if (line.StartsWith('#'))
        {
            CheckComment(line);
            return null;
        }
        int i = 0;
        string name = ReadName(line, ref i, metric: true);
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            ReadLabels(line, ref i, labels);
        }
        Expect(line, ref i, ' ');
        var rest = line[i..].Split(' ');
        if (rest.Length is < 1 or > 2 || rest[0].Length == 0)
        {
            throw new FormatException("expected a value and at most a timestamp");
        }
        double value = ParseValue(rest[0]);
        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException("the timestamp is not an integer");
        }
        return new PrometheusSample(name, labels, value);
    }

    private static void CheckComment(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 2 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
        {
            return; // an ordinary comment
        }
        if (parts.Length < 3 || !IsName(parts[2], metric: true))
        {
            throw new FormatException($"# {parts[1]} needs a metric name");
        }
        if (parts[1] == "TYPE" && (parts.Length != 4 || !Types.Contains(parts[3])))
        {
            throw new FormatException("# TYPE needs one of " + string.Join(", ", Types));
        }
        if (parts[1] == "HELP" && parts.Length == 4)
        {
            // Help text escapes only \\ and \n.
            for (int i = 0; i < parts[3].Length; i++)
            {
                if (parts[3][i] == '\\' && (++i >= parts[3].Length || parts[3][i] is not ('\\' or 'n')))
                {
                    throw new FormatException("bad escape in help text");
                }
            }
        }
    }

    private static void ReadLabels(string line, ref int i, Dictionary<string, string> labels)
    {
        while (true)
        {
            if (i < line.Length && line[i] == '}')
            {
                i++;
                return;
            }
            string label = ReadName(line, ref i, metric: false);
            Expect(line, ref i, '=');
            Expect(line, ref i, '"');
            var value = new StringBuilder();
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new FormatException("unterminated label value");
                }
                char c = line[i++];
                if (c == '"')
                {
                    break;
                }
                if (c == '\\')
                {
                    char escaped = i < line.Length ? line[i++] : throw new FormatException("unterminated escape");
                    value.Append(escaped switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        _ => throw new FormatException($"bad escape \\{escaped}"),
                    });
                    continue;
                }
                value.Append(c);
            }
            if (!labels.TryAdd(label, value.ToString()))
            {
                throw new FormatException($"label {label} twice");
            }
            if (i < line.Length && line[i] == ',')
            {
                i++;
            }
            else if (i >= line.Length || line[i] != '}')
            {
                throw new FormatException("expected , or } after a label");
            }
        }
    }

    private static string ReadName(string line, ref int i, bool metric)
    {
        int start = i;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_' || (metric && line[i] == ':')))
        {
            i++;
        }
        string name = line[start..i];
        return IsName(name, metric) ? name : throw new FormatException($"bad {(metric ? "metric" : "label")} name '{name}'");
    }

    private static bool IsName(string name, bool metric) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || (metric && c == ':'));

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) => value,
        _ => throw new FormatException($"bad value '{text}'"),
    };

    private static void Expect(string line, ref int i, char expected)
    {
        if (i >= line.Length || line[i] != expected)
        {
            throw new FormatException($"expected '{expected}' at column {i + 1}");
        }
        i++;
    }
}
