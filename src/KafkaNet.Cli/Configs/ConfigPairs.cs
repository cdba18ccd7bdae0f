using System.Text;
using System.Text.RegularExpressions;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// The value of --add-config, "k1=v1,k2=[a,b],k3=": pairs split at commas outside square brackets; brackets group a
/// value that holds commas and are dropped from it. Keys and values are trimmed; an empty value is kept.
/// </summary>
internal static partial class ConfigPairs
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string pair in SplitOutsideBrackets(text, ','))
        {
            var sides = SplitOutsideBrackets(pair, '=');
            if (sides.Count != 2)
            {
                throw new UsageException("Invalid entity config: all configs to be added must be in the format \"key=val\".");
            }

            string key = sides[0].Trim();
            CheckKey(key);
            pairs.Add(new(key, sides[1].Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal).Trim()));
        }

        return pairs;
    }

    /// <summary>Config names are letters, digits, '.', '_' and '-', as Kafka's tool checks them.</summary>
    public static void CheckKey(string key)
    {
        if (!KeyPattern().IsMatch(key))
        {
            throw new UsageException($"Invalid character found for config key: {key}");
        }
    }

    private static List<string> SplitOutsideBrackets(string text, char separator)
    {
        var parts = new List<string>();
        var part = new StringBuilder();
        bool inBrackets = false;
        foreach (char c in text)
        {
            if (c == separator && !inBrackets)
            {
                parts.Add(part.ToString());
                part.Clear();
                continue;
            }

            inBrackets = c switch
            {
                '[' => true,
                ']' => false,
                _ => inBrackets,
            };
            part.Append(c);
        }

        parts.Add(part.ToString());
        return parts;
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]*$")]
    private static partial Regex KeyPattern();
}
