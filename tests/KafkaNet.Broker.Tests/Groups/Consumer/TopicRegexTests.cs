using KafkaNet.Broker.Groups.Consumer;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

public class TopicRegexTests
{
    private static bool Matches(string pattern, string topic) => TopicRegex.Create(pattern).IsMatch(topic);

    [Theory]
    [InlineData("orders.*", "orders-eu", true)]
    [InlineData("orders.*", "orders", true)]
    [InlineData("orders", "orders-eu", false)]
    [InlineData("orders", "all-orders", false)]
    [InlineData("orders|payments", "payments", true)]
    [InlineData("orders|payments", "ordersx", false)]
    [InlineData("^orders$", "orders", true)]
    [InlineData("(?i)ORDERS", "orders", true)]
    [InlineData("[a-z]+-[0-9]{2,3}", "topic-12", true)]
    [InlineData("[a-z]+-[0-9]{2,3}", "topic-1234", false)]
    public void The_whole_topic_name_must_match(string pattern, string topic, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, topic));
    }

    [Theory]
    [InlineData(".*", "__consumer_offsets")]
    [InlineData("__.*", "__transaction_state")]
    [InlineData("__consumer_offsets", "__consumer_offsets")]
    public void Internal_topics_never_match(string pattern, string topic)
    {
        Assert.False(Matches(pattern, topic));
        Assert.True(TopicRegex.IsInternalTopic(topic));
    }

    [Fact]
    public void A_user_topic_that_starts_with_underscores_is_not_internal()
    {
        Assert.True(Matches("__.*", "__audit"));
        Assert.False(TopicRegex.IsInternalTopic("__audit"));
    }

    [Theory]
    [InlineData("(", "missing closing )")]
    [InlineData("a)", "unexpected )")]
    [InlineData("[a-", "missing closing ]")]
    [InlineData("*a", "missing argument")]
    [InlineData("a**", "nested repetition")]
    [InlineData("a*+", "possessive")]
    [InlineData("a++", "possessive")]
    [InlineData("a{1001}", "repeat count")]
    [InlineData("a{3,2}", "repeat count")]
    [InlineData("[z-a]", "range")]
    [InlineData("(?=a)a", "unsupported Perl syntax")]
    [InlineData("(?!a)b", "unsupported Perl syntax")]
    [InlineData("(?<=a)b", "unsupported Perl syntax")]
    [InlineData("(?<!a)b", "unsupported Perl syntax")]
    [InlineData("(?>a)", "unsupported Perl syntax")]
    [InlineData("(?#note)a", "unsupported Perl syntax")]
    [InlineData("(?x)a b", "unsupported Perl syntax")]
    [InlineData("(?i-)a", "missing flag")]
    [InlineData("(a)\\1", "backreferences")]
    [InlineData("(?P<n>a)(?P=n)", "unsupported Perl syntax")]
    [InlineData("a\\Z", "\\Z")]
    [InlineData("\\Ga", "invalid escape")]
    [InlineData("\\e", "invalid escape")]
    [InlineData("\\u0041", "invalid escape")]
    [InlineData("a\\", "trailing backslash")]
    [InlineData("\\p{Latin}", "Unicode class")]
    [InlineData("\\p{IsBasicLatin}", "Unicode class")]
    [InlineData("[[:alfa:]]", "character class")]
    [InlineData("\\x{110000}", "invalid escape")]
    public void Patterns_RE2_refuses_are_invalid_regular_expressions(string pattern, string reason)
    {
        Assert.False(TopicRegex.TryCreate(pattern, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.StartsWith($"SubscribedTopicRegex `{pattern}` is not a valid regular expression", error, StringComparison.Ordinal);

        var thrown = Assert.Throws<ConsumerGroupException>(() => TopicRegex.Create(pattern));
        Assert.Equal(ErrorCode.InvalidRegularExpression, thrown.ErrorCode);
        Assert.Equal(128, (short)thrown.ErrorCode);
    }

    [Theory]
    [InlineData("(?P<region>eu|us)-orders", "eu-orders", true)]
    [InlineData("(?<region>eu|us)-orders", "us-orders", true)]
    [InlineData("t[[:digit:]]+", "t42", true)]
    [InlineData("t[[:digit:]]+", "t4x", false)]
    [InlineData("t[[:^digit:]]+", "tab", true)]
    [InlineData("t[[:^digit:]]+", "ta1", false)]
    [InlineData("[[:alpha:]_.-]+", "my_topic.v2-x", false)]
    [InlineData("[[:alnum:]_.-]+", "my_topic.v2-x", true)]
    [InlineData("\\pL+", "orders", true)]
    [InlineData("\\p{^L}+", "123", true)]
    [InlineData("\\PL+", "abc", false)]
    [InlineData("\\p{Any}+", "anything.goes", true)]
    [InlineData("\\x41\\x{42}\\103", "ABC", true)]
    [InlineData("\\Qa.b\\E", "a.b", true)]
    [InlineData("\\Qa.b\\E", "axb", false)]
    [InlineData("\\Qab\\E+", "abbb", true)]
    [InlineData("(?U)a+b", "aaab", true)]
    [InlineData("(?i-U:A)b", "ab", true)]
    [InlineData("a\\_b\\-c\\.d", "a_b-c.d", true)]
    [InlineData("[\\d-z]+", "1-z", true)]
    [InlineData("[^\\D]+", "123", true)]
    [InlineData("[^\\D]+", "12a", false)]
    [InlineData("\\w+\\.\\W", "a_1.-", true)]
    [InlineData("\\d+", "\u0661\u0662", false)]
    [InlineData("[]a]+", "]a]", true)]
    [InlineData("a{,3}", "a{,3}", true)]
    [InlineData("a{02}", "a{02}", true)]
    public void RE2_syntax_is_read_as_RE2_reads_it(string pattern, string topic, bool expected)
    {
        Assert.Equal(expected, Matches(pattern, topic));
    }

    [Fact]
    public void A_class_never_becomes_a_dotnet_class_subtraction()
    {
        // For RE2 this is the class {a-z, '-', '[', a, e, i, o, u} followed by a literal ']'.
        var regex = TopicRegex.Create("[a-z-[aeiou]]");
        Assert.True(regex.IsMatch("b]"));
        Assert.True(regex.IsMatch("a]"));
        Assert.False(regex.IsMatch("b"));
    }

    [Fact]
    public void Patterns_that_backtrack_exponentially_elsewhere_match_in_linear_time()
    {
        var regex = TopicRegex.Create("(a+)+b");
        Assert.False(regex.IsMatch(new string('a', 5000) + "!"));
        Assert.True(regex.IsMatch(new string('a', 5000) + "b"));
    }

    [Fact]
    public void The_pattern_is_kept_as_sent()
    {
        Assert.Equal("(?P<x>a)\\d", TopicRegex.Create("(?P<x>a)\\d").Pattern);
    }
}
