using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.InterBroker;

public class InterBrokerApiTests
{
    public static TheoryData<short, short> EveryVersion()
    {
        var data = new TheoryData<short, short>();
        foreach (var (key, _, highest) in Apis)
        {
            for (short version = 0; version <= highest; version++)
            {
                data.Add(key, version);
            }
        }

        return data;
    }

    public static TheoryData<short, string, short> Descriptors()
    {
        var data = new TheoryData<short, string, short>();
        foreach (var (key, name, highest) in Apis)
        {
            data.Add(key, name, highest);
        }

        return data;
    }

    // Kafka 4.2's controller-side inter-broker APIs and their highest versions.
    private static readonly (short Key, string Name, short Highest)[] Apis =
    [
        (56, "AlterPartition", 3),
        (58, "Envelope", 0),
        (62, "BrokerRegistration", 4),
        (63, "BrokerHeartbeat", 1),
        (67, "AllocateProducerIds", 0),
        (70, "ControllerRegistration", 0),
    ];

    [Theory]
    [MemberData(nameof(EveryVersion))]
    public void Populated_request_reads_back_with_every_field(short apiKey, short version) =>
        AssertReadsBack(InterBrokerMessages.Request(apiKey, version), apiKey, version, isRequest: true);

    [Theory]
    [MemberData(nameof(EveryVersion))]
    public void Populated_response_reads_back_with_every_field(short apiKey, short version) =>
        AssertReadsBack(InterBrokerMessages.Response(apiKey, version), apiKey, version, isRequest: false);

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Api_table_knows_the_api_as_controller_only_and_flexible(short apiKey, string name, short highest)
    {
        var descriptor = ApiTable.Find(apiKey);

        Assert.NotNull(descriptor);
        Assert.Equal(name, descriptor.Name);
        Assert.Equal(0, descriptor.LowestVersion);
        Assert.Equal(highest, descriptor.HighestVersion);
        Assert.Equal(0, descriptor.FirstFlexibleVersion);
        Assert.False(descriptor.LatestVersionUnstable);
        Assert.True(descriptor.ServedByController);
        Assert.False(descriptor.ServedByBroker);
        Assert.IsType(InterBrokerMessages.Response(apiKey, 0).GetType(), ApiTable.CreateResponse(apiKey));
    }

    [Fact]
    public void Alter_partition_sends_topic_ids_from_v2_and_broker_epochs_from_v3()
    {
        // The fields a version lacks are not on the wire: v1 carries the name, v2 the id instead.
        var v1 = Encode(InterBrokerMessages.Request(56, 1), 1);
        var v2 = Encode(InterBrokerMessages.Request(56, 2), 2);
        var v3 = Encode(InterBrokerMessages.Request(56, 3), 3);

        Assert.Equal(v1.Length - (1 + "orders".Length) + 16, v2.Length);
        Assert.Equal(v2.Length - (1 + 3 * 4) + (1 + 2 * (4 + 8 + 1)), v3.Length);
    }

    [Fact]
    public void Heartbeat_offline_log_dirs_travel_as_tag_0_only_from_v1()
    {
        var request = new BrokerHeartbeatRequest { BrokerId = 1, OfflineLogDirs = [Guid.NewGuid()] };

        var v0 = Encode(request, 0);
        var v1 = Encode(request, 1);

        // v0 has no such field, so the list is dropped; v1 adds one tag (tag, size, count, one uuid).
        Assert.Equal(v0.Length + 1 + 1 + 1 + 16, v1.Length);
        var reader = new KafkaReader(v0);
        Assert.Empty(((BrokerHeartbeatRequest)ApiTable.ReadRequest(63, ref reader, 0)).OfflineLogDirs);
    }

    [Fact]
    public void Field_comparison_finds_a_difference_deep_in_a_struct()
    {
        var expected = (AlterPartitionRequest)InterBrokerMessages.Request(56, 3);
        var actual = (AlterPartitionRequest)InterBrokerMessages.Request(56, 3);
        actual.Topics[0].Partitions[0].NewIsrWithEpochs[1].BrokerEpoch = 20;

        var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => FieldAssert.Equal(expected, actual, "r"));

        Assert.Contains("r.Topics[0].Partitions[0].NewIsrWithEpochs[1].BrokerEpoch", e.Message);
    }

    private static void AssertReadsBack(IKafkaMessage message, short apiKey, short version, bool isRequest)
    {
        var bytes = Encode(message, version);
        var reader = new KafkaReader(bytes);
        var decoded = isRequest ? ApiTable.ReadRequest(apiKey, ref reader, version) : ApiTable.ReadResponse(apiKey, ref reader, version);

        Assert.Equal(bytes.Length, reader.Position);
        FieldAssert.Equal(message, decoded, message.GetType().Name);
    }

    private static byte[] Encode(IKafkaMessage message, short version) => Messages.RoundTripTests.Encode(message, version);
}
