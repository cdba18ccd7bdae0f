using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Replication;

/// <summary>
/// A leader on loopback that answers every Fetch with whatever the test crafts, through the generated message
/// types, and keeps the requests it got.
/// </summary>
internal sealed class FakeLeader : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Func<FetchRequest, FetchResponse> answer;
    private readonly Func<ListOffsetsRequest, ListOffsetsResponse>? listOffsets;
    private readonly ConcurrentBag<Task> connections = [];
    private readonly Task accepting;

    public FakeLeader(int nodeId, Func<FetchRequest, FetchResponse> answer, Func<ListOffsetsRequest, ListOffsetsResponse>? listOffsets = null)
    {
        this.answer = answer;
        this.listOffsets = listOffsets;
        listener.Start();
        Address = new NodeAddress(nodeId, "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        accepting = AcceptAsync();
    }

    public NodeAddress Address { get; }

    public ConcurrentQueue<FetchRequest> Requests { get; } = new();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                connections.Add(ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var size = new byte[4];
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(size, stop.Token);
                var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
                await stream.ReadExactlyAsync(frame, stop.Token);
                short apiKey = BinaryPrimitives.ReadInt16BigEndian(frame);
                short version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(2));
                var descriptor = ApiTable.Find(apiKey)!;
                var reader = new KafkaReader(frame);
                var header = RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(version));
                IKafkaMessage response;
                if (apiKey == ListOffsetsRequest.ApiKey && listOffsets is not null)
                {
                    response = listOffsets(ListOffsetsRequest.Read(ref reader, version));
                }
                else
                {
                    var request = FetchRequest.Read(ref reader, version);
                    Requests.Enqueue(request);
                    response = answer(request);
                    // A leader with nothing new holds the fetch a little, as max.wait.ms would.
                    await Task.Delay(20, stop.Token);
                }
                await stream.WriteAsync(Frame(header.CorrelationId, response, descriptor.ResponseHeaderVersion(version), version), stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or EndOfStreamException)
        {
        }
    }

    private static byte[] Frame(int correlationId, IKafkaMessage response, short headerVersion, short version)
    {
        var header = new ResponseHeader { CorrelationId = correlationId };
        int size = header.Size(headerVersion) + response.Size(version);
        var frame = new byte[4 + size];
        BinaryPrimitives.WriteInt32BigEndian(frame, size);
        var writer = new KafkaWriter(frame.AsSpan(4));
        header.Write(ref writer, headerVersion);
        response.Write(ref writer, version);
        return frame;
    }

    /// <summary>A response for one partition of one topic, by id.</summary>
    public static FetchResponse Answer(Guid topicId, FetchResponse.PartitionData partition) => new()
    {
        Responses = [new FetchResponse.FetchableTopicResponse { TopicId = topicId, Partitions = [partition] }],
    };

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        await Task.WhenAll(connections);
        listener.Dispose();
        stop.Dispose();
    }
}
