using System.Buffers.Binary;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>CreateTopics, CreatePartitions and DeleteTopics as raw frames with a chosen client id, on a new connection.</summary>
internal static class MutationWire
{
    public static Task<CreateTopicsResponse> CreateTopicsAsync(int port, string clientId, short version, params (string Name, int Partitions)[] topics)
    {
        var request = new CreateTopicsRequest { TimeoutMs = 10_000 };
        request.Topics.AddRange(topics.Select(t => new CreateTopicsRequest.CreatableTopic { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = 1 }));
        return RoundTripAsync<CreateTopicsResponse>(port, clientId, CreateTopicsRequest.ApiKey, version, flexible: version >= 5, request);
    }

    public static Task<CreatePartitionsResponse> CreatePartitionsAsync(int port, string clientId, short version, params (string Name, int Count)[] topics)
    {
        var request = new CreatePartitionsRequest { TimeoutMs = 10_000 };
        request.Topics.AddRange(topics.Select(t => new CreatePartitionsRequest.CreatePartitionsTopic { Name = t.Name, Count = t.Count, Assignments = null }));
        return RoundTripAsync<CreatePartitionsResponse>(port, clientId, CreatePartitionsRequest.ApiKey, version, flexible: version >= 2, request);
    }

    public static Task<DeleteTopicsResponse> DeleteTopicsAsync(int port, string clientId, short version, params string[] names)
    {
        var request = new DeleteTopicsRequest { TimeoutMs = 10_000 };
        if (version >= 6)
        {
            request.Topics.AddRange(names.Select(n => new DeleteTopicsRequest.DeleteTopicState { Name = n }));
        }
        else
        {
            request.TopicNames.AddRange(names);
        }
        return RoundTripAsync<DeleteTopicsResponse>(port, clientId, DeleteTopicsRequest.ApiKey, version, flexible: version >= 4, request);
    }

    private static async Task<TResponse> RoundTripAsync<TResponse>(int port, string clientId, short apiKey, short version, bool flexible, IKafkaMessage request)
        where TResponse : IKafkaMessage<TResponse>
    {
        using var connection = await RawKafkaConnection.ConnectAsync(port);
        await connection.SendRequestAsync(apiKey, version, 1, request, flexible, clientId);
        byte[]? frame = await connection.ReceiveFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(frame));
        var reader = new KafkaReader(frame.AsMemory(flexible ? 5 : 4)); // a flexible header ends with its (empty) tagged fields
        return TResponse.Read(ref reader, version);
    }
}
