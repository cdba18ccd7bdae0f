using System.Text;
using System.Text.RegularExpressions;

namespace KafkaNet.Broker.Security.Tls;

/// <summary>
/// ssl.principal.mapping.rules, as Kafka reads them: rules separated by commas or newlines, each either DEFAULT (the
/// distinguished name unchanged) or RULE:pattern/replacement/ with an optional L or U to lower- or upper-case the
/// result. The first rule whose pattern matches the whole name gives the principal name; a '/' inside a pattern or
/// replacement is written "\/".
/// </summary>
public sealed class SslPrincipalMapper
{
    /// <summary>Kafka's default: the distinguished name as the principal name.</summary>
    public const string DefaultRules = "DEFAULT";

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<Rule> _rules;

    private SslPrincipalMapper(IReadOnlyList<Rule> rules) => _rules = rules;

    /// <summary>The rules as written, for messages.</summary>
    public string Text { get; private init; } = DefaultRules;

    /// <summary>Parses the rules.</summary>
    /// <exception cref="FormatException">A rule is malformed or its pattern is not a valid regular expression.</exception>
    public static SslPrincipalMapper Parse(string? text)
    {
        text = string.IsNullOrWhiteSpace(text) ? DefaultRules : text;
        var rules = new List<Rule>();
        int at = 0;
        while (true)
        {
            at = SkipSpaces(text, at, newlines: true);
            if (at == text.Length)
            {
                break;
            }
            rules.Add(ReadRule(text, ref at));
            at = SkipSpaces(text, at, newlines: false);
            if (at == text.Length)
            {
                break;
            }
            if (text[at] is not (',' or '\n'))
            {
                throw new FormatException($"Invalid rule: {text[at..].Trim()}");
            }
            at++;
        }
        return new SslPrincipalMapper(rules) { Text = text };
    }

    /// <summary>The principal name (without "User:") for a distinguished name in RFC 2253 form.</summary>
    /// <exception cref="NoMatchingSslPrincipalRuleException">No rule applies to the name.</exception>
    public string Map(string distinguishedName)
    {
        ArgumentNullException.ThrowIfNull(distinguishedName);
        foreach (var rule in _rules)
        {
            if (rule.Apply(distinguishedName) is { } name)
            {
                return name;
            }
        }
        throw new NoMatchingSslPrincipalRuleException($"No rules apply to {distinguishedName}, rules {Text}");
    }

    private static Rule ReadRule(string text, ref int at)
    {
        const string DefaultWord = "DEFAULT";
        const string RulePrefix = "RULE:";
        if (string.CompareOrdinal(text, at, DefaultWord, 0, DefaultWord.Length) == 0)
        {
            at += DefaultWord.Length;
            return new Rule(null, null, null, Case.AsIs);
        }
        if (string.CompareOrdinal(text, at, RulePrefix, 0, RulePrefix.Length) != 0)
        {
            throw new FormatException($"Invalid rule: {RestOfRule(text, at)}");
        }
        int start = at;
        at += RulePrefix.Length;
        string pattern = ReadPart(text, ref at, start);
        string replacement = ReadPart(text, ref at, start);
        var letterCase = Case.AsIs;
        if (at < text.Length && text[at] is 'L' or 'U')
        {
            letterCase = text[at] == 'L' ? Case.Lower : Case.Upper;
            at++;
        }
        Regex regex;
        Regex wholeName;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
            wholeName = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Invalid rule: {text[start..at]}: {e.Message}", e);
        }
        return new Rule(regex, wholeName, ToDotNetReplacement(replacement), letterCase);
    }

    // Up to the next '/' that is not escaped; a backslash keeps the character after it.
    private static string ReadPart(string text, ref int at, int ruleStart)
    {
        var part = new StringBuilder();
        while (at < text.Length && text[at] != '/')
        {
            if (text[at] == '\\' && at + 1 < text.Length)
            {
                part.Append(text[at]);
                at++;
            }
            part.Append(text[at]);
            at++;
        }
        if (at == text.Length)
        {
            throw new FormatException($"Invalid rule: {text[ruleStart..].Trim()}");
        }
        at++; // the closing '/'
        return part.ToString();
    }

    // Java's replacement syntax: "\x" is x literally (so "\$" is a dollar); .NET writes a literal dollar "$$".
    private static string ToDotNetReplacement(string javaReplacement)
    {
        var result = new StringBuilder();
        for (int i = 0; i < javaReplacement.Length; i++)
        {
            char c = javaReplacement[i];
            if (c == '\\' && i + 1 < javaReplacement.Length)
            {
                char escaped = javaReplacement[++i];
                result.Append(escaped == '$' ? "$$" : escaped.ToString());
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    private static string RestOfRule(string text, int at)
    {
        int end = text.IndexOfAny([',', '\n'], at);
        return (end < 0 ? text[at..] : text[at..end]).Trim();
    }

    private static int SkipSpaces(string text, int at, bool newlines)
    {
        while (at < text.Length && (newlines || text[at] != '\n') && char.IsWhiteSpace(text[at]))
        {
            at++;
        }
        return at;
    }

    private enum Case
    {
        AsIs,
        Lower,
        Upper,
    }

    /// <param name="Pattern">Null for DEFAULT.</param>
    /// <param name="WholeName">The pattern anchored at both ends: Java's matches(), which the rule needs before it applies.</param>
    private sealed record Rule(Regex? Pattern, Regex? WholeName, string? Replacement, Case LetterCase)
    {
        public string? Apply(string distinguishedName)
        {
            if (Pattern is null)
            {
                return distinguishedName;
            }
            if (!WholeName!.IsMatch(distinguishedName))
            {
                return null;
            }
            // The replacement applies to every match, as Java's replaceAll.
            string result = Pattern.Replace(distinguishedName, Replacement!);
            return LetterCase switch
            {
                Case.Lower => result.ToLowerInvariant(),
                Case.Upper => result.ToUpperInvariant(),
                _ => result,
            };
        }
    }
}
