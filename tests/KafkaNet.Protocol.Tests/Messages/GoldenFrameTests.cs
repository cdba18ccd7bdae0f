using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Messages;

/// <summary>
/// Hand-built frames, laid out from the protocol guide field by field, decode to the expected
/// values and encode back to the same bytes.
/// </summary>
public class GoldenFrameTests
{
    private static readonly byte[] Records = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void ApiVersions_v0_request_is_empty_and_response_lists_keys()
    {
        var request = Decode<ApiVersionsRequest>([], 0);
        Assert.Equal(string.Empty, request.ClientSoftwareName);

        byte[] response = new WireBytes().I16(0).Arr(2)
            .I16(0).I16(0).I16(13)
            .I16(18).I16(0).I16(4)
            .ToArray();
        var decoded = Decode<ApiVersionsResponse>(response, 0);
        Assert.Equal(0, decoded.ErrorCode);
        Assert.Equal(2, decoded.ApiKeys.Count);
        Assert.Equal((18, 0, 4), (decoded.ApiKeys[1].ApiKey, decoded.ApiKeys[1].MinVersion, decoded.ApiKeys[1].MaxVersion));
    }

    [Fact]
    public void ApiVersions_v3_request_carries_compact_software_name_and_version()
    {
        byte[] bytes = new WireBytes().CStr("kafkanet").CStr("1.0.0").NoTags().ToArray();
        var request = Decode<ApiVersionsRequest>(bytes, 3);
        Assert.Equal("kafkanet", request.ClientSoftwareName);
        Assert.Equal("1.0.0", request.ClientSoftwareVersion);
    }

    [Fact]
    public void ApiVersions_v3_response_has_throttle_and_tagged_features()
    {
        byte[] features = new WireBytes().CArr(1).CStr("kraft.version").I16(0).I16(1).NoTags().ToArray();
        byte[] bytes = new WireBytes().I16(0).CArr(1).I16(3).I16(0).I16(13).NoTags().I32(100)
            .UVar(1).UVar(0).UVar((uint)features.Length).Raw(features)
            .ToArray();
        var response = Decode<ApiVersionsResponse>(bytes, 3);
        Assert.Equal(100, response.ThrottleTimeMs);
        Assert.Equal(13, Assert.Single(response.ApiKeys).MaxVersion);
        var feature = Assert.Single(response.SupportedFeatures);
        Assert.Equal(("kraft.version", (short)0, (short)1), (feature.Name, feature.MinVersion, feature.MaxVersion));
    }

    [Fact]
    public void Metadata_v1_null_topics_means_all_and_response_has_rack_and_controller()
    {
        var request = Decode<MetadataRequest>(new WireBytes().Arr(-1).ToArray(), 1);
        Assert.Null(request.Topics);

        byte[] response = new WireBytes()
            .Arr(1).I32(1).Str("localhost").I32(9092).Str(null)
            .I32(1)
            .Arr(1).I16(0).Str("orders").Bool(false)
            .Arr(1).I16(0).I32(0).I32(1).Arr(1).I32(1).Arr(1).I32(1)
            .ToArray();
        var decoded = Decode<MetadataResponse>(response, 1);
        var broker = Assert.Single(decoded.Brokers);
        Assert.Equal((1, "localhost", 9092, (string?)null), (broker.NodeId, broker.Host, broker.Port, broker.Rack));
        Assert.Equal(1, decoded.ControllerId);
        var topic = Assert.Single(decoded.Topics);
        Assert.Equal("orders", topic.Name);
        Assert.Equal([1], Assert.Single(topic.Partitions).IsrNodes);
    }

    [Fact]
    public void Metadata_v12_request_and_response_use_compact_fields_and_topic_ids()
    {
        var id = Guid.Parse("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
        byte[] request = new WireBytes().CArr(1).Uuid(Guid.Empty).CStr("orders").NoTags().Bool(true).Bool(false).NoTags().ToArray();
        var decodedRequest = Decode<MetadataRequest>(request, 12);
        Assert.Equal("orders", Assert.Single(decodedRequest.Topics!).Name);
        Assert.True(decodedRequest.AllowAutoTopicCreation);

        byte[] response = new WireBytes()
            .I32(0)
            .CArr(1).I32(1).CStr("localhost").I32(9092).CStr("rack-a").NoTags()
            .CStr("cluster-xyz").I32(1)
            .CArr(1).I16(0).CStr("orders").Uuid(id).Bool(false)
            .CArr(1).I16(0).I32(0).I32(1).I32(5).CArr(1).I32(1).CArr(1).I32(1).CArr(0).NoTags()
            .I32(int.MinValue).NoTags()
            .NoTags()
            .ToArray();
        var decoded = Decode<MetadataResponse>(response, 12);
        Assert.Equal("cluster-xyz", decoded.ClusterId);
        Assert.Equal("rack-a", Assert.Single(decoded.Brokers).Rack);
        var topic = Assert.Single(decoded.Topics);
        Assert.Equal(id, topic.TopicId);
        Assert.Equal(5, Assert.Single(topic.Partitions).LeaderEpoch);
    }

    [Fact]
    public void Produce_v3_request_has_transactional_id_and_records_as_a_slice()
    {
        byte[] bytes = new WireBytes().Str(null).I16(-1).I32(30000)
            .Arr(1).Str("orders").Arr(1).I32(2).Bytes(Records)
            .ToArray();
        var request = Decode<ProduceRequest>(bytes, 3);
        Assert.Null(request.TransactionalId);
        Assert.Equal(-1, request.Acks);
        Assert.Equal(30000, request.TimeoutMs);
        var partition = Assert.Single(Assert.Single(request.TopicData).PartitionData);
        Assert.Equal(2, partition.Index);
        Assert.Equal(Records, partition.Records!.Value.ToArray());
    }

    [Fact]
    public void Produce_v9_request_is_flexible()
    {
        byte[] bytes = new WireBytes().CStr("tx-1").I16(1).I32(1500)
            .CArr(1).CStr("orders").CArr(1).I32(0).CBytes(Records).NoTags().NoTags()
            .NoTags()
            .ToArray();
        var request = Decode<ProduceRequest>(bytes, 9);
        Assert.Equal("tx-1", request.TransactionalId);
        Assert.Equal(1, request.Acks);
        var topic = Assert.Single(request.TopicData);
        Assert.Equal("orders", topic.Name);
        Assert.Equal(Records.Length, Assert.Single(topic.PartitionData).Records!.Value.Length);
    }

    [Fact]
    public void Fetch_v4_request_has_isolation_level_and_no_session()
    {
        byte[] bytes = new WireBytes().I32(-1).I32(500).I32(1).I32(52428800).I8(1)
            .Arr(1).Str("orders").Arr(1).I32(0).I64(42).I32(1048576)
            .ToArray();
        var request = Decode<FetchRequest>(bytes, 4);
        Assert.Equal(500, request.MaxWaitMs);
        Assert.Equal(52428800, request.MaxBytes);
        Assert.Equal(1, request.IsolationLevel);
        var partition = Assert.Single(Assert.Single(request.Topics).Partitions);
        Assert.Equal((42L, 1048576), (partition.FetchOffset, partition.PartitionMaxBytes));
    }

    [Fact]
    public void Fetch_v12_request_has_session_epochs_and_a_tagged_cluster_id()
    {
        byte[] clusterId = new WireBytes().CStr("c1").ToArray();
        byte[] bytes = new WireBytes().I32(-1).I32(500).I32(1).I32(52428800).I8(0).I32(7).I32(3)
            .CArr(1).CStr("orders").CArr(1).I32(1).I32(4).I64(100).I32(3).I64(0).I32(1048576).NoTags().NoTags()
            .CArr(0).CStr("rack-a")
            .UVar(1).UVar(0).UVar((uint)clusterId.Length).Raw(clusterId)
            .ToArray();
        var request = Decode<FetchRequest>(bytes, 12);
        Assert.Equal("c1", request.ClusterId);
        Assert.Equal((7, 3), (request.SessionId, request.SessionEpoch));
        Assert.Equal("rack-a", request.RackId);
        var partition = Assert.Single(Assert.Single(request.Topics).Partitions);
        Assert.Equal((4, 100L, 3), (partition.CurrentLeaderEpoch, partition.FetchOffset, partition.LastFetchedEpoch));
    }

    [Fact]
    public void Request_header_v2_keeps_a_two_byte_client_id_length()
    {
        byte[] bytes = new WireBytes().I16(3).I16(12).I32(77).Str("my-client").NoTags().ToArray();
        var header = Decode<RequestHeader>(bytes, 2);
        Assert.Equal((3, 12, 77, "my-client"), (header.RequestApiKey, header.RequestApiVersion, header.CorrelationId, header.ClientId));
    }

    [Fact]
    public void Request_header_v1_allows_a_null_client_id()
    {
        var header = Decode<RequestHeader>(new WireBytes().I16(18).I16(0).I32(1).Str(null).ToArray(), 1);
        Assert.Null(header.ClientId);
    }

    [Fact]
    public void Response_header_v1_is_correlation_id_and_tagged_fields()
    {
        var header = Decode<ResponseHeader>(new WireBytes().I32(99).NoTags().ToArray(), 1);
        Assert.Equal(99, header.CorrelationId);
    }

    [Fact]
    public void Unknown_tagged_fields_survive_a_round_trip()
    {
        byte[] bytes = new WireBytes().CStr("kafkanet").CStr("1.0").UVar(2).UVar(5).UVar(2).Raw([0xAA, 0xBB]).UVar(300).UVar(0).ToArray();
        var request = Decode<ApiVersionsRequest>(bytes, 3);
        Assert.Equal([5, 300], request.UnknownTaggedFields!.Select(t => t.Tag));
    }

    /// <summary>Decodes, checks every byte was consumed, and checks the message encodes back to the same bytes.</summary>
    private static T Decode<T>(byte[] bytes, short version)
        where T : IKafkaMessage<T>
    {
        var reader = new KafkaReader(bytes);
        var message = T.Read(ref reader, version);
        Assert.Equal(bytes.Length, reader.Position);
        Assert.Equal(bytes, RoundTripTests.Encode(message, version));
        return message;
    }
}
