using System.Runtime.InteropServices;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>
/// librdkafka's mock cluster, for checking the scenarios themselves against librdkafka's own share-group broker
/// side (<c>--librdkafka-mock</c>). It has no CreateTopics and no group configs: topics are created through its
/// C API, and every share group starts at the earliest offset.
/// </summary>
internal sealed unsafe class MockCluster : IDisposable
{
    private readonly nint _client;
    private readonly nint _cluster;

    private MockCluster(nint client, nint cluster)
    {
        _client = client;
        _cluster = cluster;
        Bootstrap = Marshal.PtrToStringUTF8(LibRdKafka.MockClusterBootstraps(cluster)) ?? "";
    }

    public string Bootstrap { get; }

    public static MockCluster Start()
    {
        nint conf = NativeConfig.Build([]);
        byte* text = stackalloc byte[NativeConfig.ErrorTextSize];
        nint client = LibRdKafka.New(LibRdKafka.ProducerType, conf, text, NativeConfig.ErrorTextSize);
        if (client == 0)
        {
            LibRdKafka.ConfDestroy(conf);
            throw new ShareConsumerException("rd_kafka_new failed: " + NativeConfig.ErrorText(text));
        }
        nint cluster = LibRdKafka.MockClusterNew(client, 1);
        LibRdKafka.MockShareGroupSetAutoOffsetReset(cluster, 1);
        LibRdKafka.MockShareGroupSetHeartbeatInterval(cluster, 1000);
        return new MockCluster(client, cluster);
    }

    public void CreateTopic(string name, int partitions)
    {
        int code = LibRdKafka.MockTopicCreate(_cluster, name, partitions, 1);
        if (code != 0)
        {
            throw new ShareConsumerException($"rd_kafka_mock_topic_create {name}: {NativeError.CodeName(code)}");
        }
    }

    public void Dispose()
    {
        LibRdKafka.MockClusterDestroy(_cluster);
        LibRdKafka.Destroy(_client);
    }
}
