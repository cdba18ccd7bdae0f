using KafkaNet.Broker.Security.Tls;

namespace KafkaNet.Broker.Tests.Security;

public class SslPrincipalMapperTests
{
    // The rules of Kafka's security documentation, with the names it maps.
    private const string DocumentedRules = "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/,\n"
        + "RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L,\n"
        + "RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/L,\n"
        + "DEFAULT";

    [Theory]
    [InlineData("CN=serviceuser,OU=ServiceUsers,O=Unknown,L=Unknown,ST=Unknown,C=Unknown", "serviceuser")]
    [InlineData("CN=adminUser,OU=Admin,O=Unknown,L=Unknown,ST=Unknown,C=Unknown", "adminuser@admin")]
    [InlineData("OU=Other,CN=Kafka.Client1", "kafka.client1")]
    [InlineData("O=acme", "O=acme")]
    public void Documented_rules_map_as_kafka_documents(string distinguishedName, string expected)
    {
        Assert.Equal(expected, SslPrincipalMapper.Parse(DocumentedRules).Map(distinguishedName));
    }

    [Theory]
    [InlineData("DEFAULT", "CN=alice,OU=eng,O=acme", "CN=alice,OU=eng,O=acme")]
    [InlineData("", "CN=alice,OU=eng,O=acme", "CN=alice,OU=eng,O=acme")]
    [InlineData("RULE:^CN=([^,]*),.*$/$1/U", "CN=alice,OU=eng", "ALICE")]
    [InlineData("RULE:^CN=([^,]*),.*$/$1/", "CN=Alice,OU=eng", "Alice")]
    [InlineData("RULE:^CN=bob,.*$/b/, RULE:^CN=([^,]*),.*$/$1-second/", "CN=alice,OU=eng", "alice-second")]
    [InlineData("  RULE:^CN=([^,]*),.*$/first/ ,\n  DEFAULT  ", "CN=alice,OU=eng", "first")]
    [InlineData(@"RULE:^CN=([^,]*),OU=([^,]*)$/$2\/$1/", "CN=alice,OU=eng", "eng/alice")]
    [InlineData(@"RULE:^CN=([^,]*)$/\$$1/", "CN=alice", "$alice")]
    [InlineData("RULE:^O=(.*)$/$1/L\nDEFAULT", "CN=Alice", "CN=Alice")]
    public void Rules_apply_in_order_and_the_first_that_matches_the_whole_name_wins(string rules, string distinguishedName, string expected)
    {
        Assert.Equal(expected, SslPrincipalMapper.Parse(rules).Map(distinguishedName));
    }

    [Fact]
    public void A_pattern_must_match_the_whole_name()
    {
        var mapper = SslPrincipalMapper.Parse("RULE:CN=([^,]*)/$1/");

        Assert.Equal("alice", mapper.Map("CN=alice"));
        var e = Assert.Throws<NoMatchingSslPrincipalRuleException>(() => mapper.Map("CN=alice,O=acme"));
        Assert.Equal("No rules apply to CN=alice,O=acme, rules RULE:CN=([^,]*)/$1/", e.Message);
    }

    [Theory]
    [InlineData("RULE:^CN=(.*)$/$1", "Invalid rule: RULE:^CN=(.*)$/$1")]
    [InlineData("RULE:^CN=(.*)$", "Invalid rule: RULE:^CN=(.*)$")]
    [InlineData("NOT_A_RULE", "Invalid rule: NOT_A_RULE")]
    [InlineData("DEFAULT,whatever", "Invalid rule: whatever")]
    [InlineData("RULE:^CN=(.*)$/$1/X", "Invalid rule: X")]
    [InlineData("DEFAULT DEFAULT", "Invalid rule: DEFAULT")]
    public void Malformed_rules_are_refused(string rules, string message)
    {
        var e = Assert.Throws<FormatException>(() => SslPrincipalMapper.Parse(rules));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_pattern_that_is_not_a_regular_expression_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => SslPrincipalMapper.Parse("RULE:^CN=(.*$/$1/"));
        Assert.StartsWith("Invalid rule: RULE:^CN=(.*$/$1/: ", e.Message);
    }
}
