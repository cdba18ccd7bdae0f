using KafkaNet.Broker.Groups.Classic;

namespace KafkaNet.Broker.Tests.Groups;

/// <summary>Protocol selection when a member's JoinGroup lists the same protocol more than once.</summary>
public sealed class ClassicProtocolSelectionTests
{
    [Fact]
    public void A_protocol_listed_twice_by_the_first_member_is_selected_once()
    {
        var group = new ClassicGroup("g", nowMs: 0);
        group.Add(Member("m1", ("range", [0]), ("range", [1]), ("roundrobin", [2])));
        group.Add(Member("m2", ("range", [3])));

        Assert.Equal("range", group.SelectProtocol());
    }

    [Fact]
    public void Votes_count_each_member_once_whatever_it_repeats()
    {
        var group = new ClassicGroup("g", nowMs: 0);
        group.Add(Member("m1", ("roundrobin", [0]), ("roundrobin", [0]), ("range", [1])));
        group.Add(Member("m2", ("range", [2]), ("roundrobin", [3])));
        group.Add(Member("m3", ("range", [4]), ("roundrobin", [5])));

        Assert.Equal("range", group.SelectProtocol());
    }

    private static ClassicGroupMember Member(string id, params (string Name, byte[] Metadata)[] protocols) =>
        new(id, null, "client", "/127.0.0.1", rebalanceTimeoutMs: 1000, sessionTimeoutMs: 10000, "consumer", protocols);
}
