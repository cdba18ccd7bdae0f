using System.Buffers.Binary;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>Requests built as frames to send several in one write, and their responses read back.</summary>
internal static class PipelinedWire
{
    public const short ProduceVersion = 7;
    public const short FetchVersion = 4;

    public static byte[] ProduceFrame(int correlationId, string topic, byte[] records, short acks = 1, int timeoutMs = 5000, short version = ProduceVersion) =>
        RawKafkaConnection.RequestFrame(ProduceRequest.ApiKey, version, correlationId, new ProduceRequest
        {
            Acks = acks,
            TimeoutMs = timeoutMs,
            TopicData = [new() { Name = topic, PartitionData = [new() { Index = 0, Records = records }] }],
        }, flexibleHeader: false);

    public static byte[] ApiVersionsFrame(int correlationId) =>
        RawKafkaConnection.RequestFrame(ApiVersionsRequest.ApiKey, 0, correlationId, new ApiVersionsRequest(), flexibleHeader: false);

    public static byte[] FetchFrame(int correlationId, string topic, long offset) =>
        RawKafkaConnection.RequestFrame(FetchRequest.ApiKey, FetchVersion, correlationId, new FetchRequest
        {
            ReplicaId = -1,
            MaxWaitMs = 0,
            MinBytes = 0,
            MaxBytes = 16 << 20,
            Topics = [new() { Topic = topic, Partitions = [new() { Partition = 0, FetchOffset = offset, PartitionMaxBytes = 16 << 20 }] }],
        }, flexibleHeader: false);

    /// <summary>A batch of one record with a random value of <paramref name="valueSize"/> bytes.</summary>
    public static byte[] Batch(int valueSize)
    {
        using var builder = new RecordBatchBuilder();
        var value = new byte[valueSize];
        Random.Shared.NextBytes(value);
        builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NullableBytes.Null, new NullableBytes(value));
        return builder.ToArray();
    }

    /// <summary>Reads the next response, checks its correlation id and decodes it (non-flexible header).</summary>
    public static async Task<TResponse> ReceiveAsync<TResponse>(RawKafkaConnection connection, int correlationId, short version)
        where TResponse : IKafkaMessage<TResponse>
    {
        byte[]? frame = await connection.ReceiveFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(correlationId, BinaryPrimitives.ReadInt32BigEndian(frame));
        var reader = new KafkaReader(frame.AsMemory(4));
        var response = TResponse.Read(ref reader, version);
        Assert.Equal(0, reader.Remaining);
        return response;
    }

    /// <summary>Decodes a response frame read from a stream (non-flexible header) after checking its correlation id.</summary>
    public static TResponse Decode<TResponse>(byte[] frame, int correlationId, short version)
        where TResponse : IKafkaMessage<TResponse>
    {
        Assert.Equal(correlationId, BinaryPrimitives.ReadInt32BigEndian(frame));
        var reader = new KafkaReader(frame.AsMemory(4));
        return TResponse.Read(ref reader, version);
    }

    /// <summary>The next response frame of a stream (a TLS one), without its size prefix.</summary>
    public static async Task<byte[]> ReadFrameAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var size = new byte[4];
        await stream.ReadExactlyAsync(size, timeout.Token);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await stream.ReadExactlyAsync(frame, timeout.Token);
        return frame;
    }

    public static async Task<ProduceResponse.PartitionProduceResponse> ReceiveProduceAsync(RawKafkaConnection connection, int correlationId)
    {
        var response = await ReceiveAsync<ProduceResponse>(connection, correlationId, ProduceVersion);
        return Assert.Single(Assert.Single(response.Responses).PartitionResponses);
    }

    /// <summary>
    /// Asserts the partition holds exactly <paramref name="batches"/>, in that order: the bytes from
    /// the magic on are the producer's (the broker sets base offset and leader epoch).
    /// </summary>
    public static async Task AssertLogHoldsAsync(int port, string topic, IReadOnlyList<byte[]> batches)
    {
        using var connection = await RawKafkaConnection.ConnectAsync(port);
        await connection.SendAsync(FetchFrame(1, topic, 0));
        var response = await ReceiveAsync<FetchResponse>(connection, 1, FetchVersion);
        var partition = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal(0, partition.ErrorCode);
        var stored = partition.Records!.Value;
        int at = 0;
        for (int i = 0; i < batches.Count; i++)
        {
            Assert.True(stored.Length >= at + 12, $"batch {i} is missing");
            Assert.Equal(i, BinaryPrimitives.ReadInt64BigEndian(stored.Span[at..]));
            int length = 12 + BinaryPrimitives.ReadInt32BigEndian(stored.Span[(at + 8)..]);
            Assert.Equal(batches[i].Length, length);
            Assert.True(stored.Span.Slice(at + 16, length - 16).SequenceEqual(batches[i].AsSpan(16)), $"batch {i} differs");
            at += length;
        }
        Assert.Equal(stored.Length, at);
    }
}
