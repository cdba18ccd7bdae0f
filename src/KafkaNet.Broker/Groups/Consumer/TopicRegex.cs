using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// A topic subscription by regular expression (SubscribedTopicRegex): RE2 syntax, as Kafka takes
/// it, matched against whole topic names, as Kafka's <c>matches()</c> does. Compiled for .NET's
/// non-backtracking engine, so matching is linear in the name's length whatever the pattern.
/// Internal topics (__consumer_offsets, __transaction_state) never match.
/// </summary>
public sealed class TopicRegex
{
    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private readonly Regex _regex;

    private TopicRegex(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    /// <summary>The pattern as the member sent it.</summary>
    public string Pattern { get; }

    /// <summary>Compiles a pattern, or explains why it is not a valid RE2 expression this broker accepts.</summary>
    public static bool TryCreate(string pattern, [NotNullWhen(true)] out TopicRegex? regex, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        regex = null;
        try
        {
            var translated = Re2Translator.Translate(pattern);
            regex = new TopicRegex(pattern, new Regex(@"\A(?:" + translated + @")\z", Options));
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
        {
            // ArgumentException covers .NET's own parse errors; NotSupportedException an automaton too large.
            error = $"SubscribedTopicRegex `{pattern}` is not a valid regular expression: {FirstLine(e.Message)}.";
            return false;
        }
    }

    /// <summary>Compiles a pattern.</summary>
    /// <exception cref="ConsumerGroupException">INVALID_REGULAR_EXPRESSION.</exception>
    public static TopicRegex Create(string pattern)
        => TryCreate(pattern, out var regex, out var error)
            ? regex
            : throw new ConsumerGroupException(ErrorCode.InvalidRegularExpression, error);

    /// <summary>Kafka's internal topics (__consumer_offsets, __transaction_state), which a regular expression never subscribes to.</summary>
    public static bool IsInternalTopic(string topicName)
    {
        ArgumentNullException.ThrowIfNull(topicName);
        return Topics.TopicNames.IsInternal(topicName);
    }

    /// <summary>Whether the whole name matches, internal topics excluded.</summary>
    public bool IsMatch(string topicName) => !IsInternalTopic(topicName) && _regex.IsMatch(topicName);

    public override string ToString() => Pattern;

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
