using System.Text;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.OldVersions;

/// <summary>KIP-110: a topic whose compression.type is zstd is not served to Fetch versions before 10.</summary>
public sealed class ZstdTopicFetchTests : IAsyncLifetime
{
    private const string ZstdTopic = "zstd-topic";
    private const string ProducerTopic = "producer-topic";
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _kafka.CreateTopic(new TopicSpec(ZstdTopic, 1, 1, [new("compression.type", "zstd")]));
        _kafka.CreateTopic(new TopicSpec(ProducerTopic, 1, 1, []));
        foreach (string topic in new[] { ZstdTopic, ProducerTopic })
        {
            using var builder = new RecordBatchBuilder { Compression = CompressionCodec.Zstd };
            builder.Append(1000, null, Encoding.UTF8.GetBytes("a"), []);
            await _kafka.Broker.Replicas!.Find(topic, 0)!.AppendAsLeaderAsync(builder.ToArray(), 0);
        }
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(9)]
    public async Task Fetch_before_v10_of_a_zstd_topic_answers_UNSUPPORTED_COMPRESSION_TYPE(short version)
    {
        var partition = await FetchAsync(ZstdTopic, version);

        Assert.Equal(ErrorCode.UnsupportedCompressionType, (ErrorCode)partition.ErrorCode);
        Assert.Equal(-1, partition.HighWatermark);
        Assert.True(partition.Records is not { IsEmpty: false });
    }

    [Fact]
    public async Task Fetch_v10_of_a_zstd_topic_reads_the_records()
    {
        var partition = await FetchAsync(ZstdTopic, 10);

        Assert.Equal(0, partition.ErrorCode);
        Assert.Equal(1, partition.HighWatermark);
        Assert.False(partition.Records is not { IsEmpty: false });
    }

    [Fact]
    public async Task Fetch_v9_of_zstd_batches_in_a_producer_compressed_topic_returns_them_as_Kafka_does()
    {
        var partition = await FetchAsync(ProducerTopic, 9);

        Assert.Equal(0, partition.ErrorCode);
        Assert.Equal(CompressionCodec.Zstd, RecordBatchHeader.Read(partition.Records!.Value.Span).Compression);
    }

    private async Task<FetchResponse.PartitionData> FetchAsync(string topic, short version)
    {
        var request = new FetchRequest
        {
            ReplicaId = -1,
            MaxWaitMs = 0,
            MinBytes = 1,
            MaxBytes = 1 << 20,
            IsolationLevel = 0,
            SessionEpoch = -1,
            Topics = [new() { Topic = topic, Partitions = [new() { Partition = 0, FetchOffset = 0, PartitionMaxBytes = 1 << 20 }] }],
        };
        using var session = await WireSession.OpenAsync(_kafka.Port);
        var response = await session.SendAsync<FetchResponse>(FetchRequest.ApiKey, version, request, flexible: false);
        return Assert.Single(Assert.Single(response.Responses).Partitions);
    }
}
