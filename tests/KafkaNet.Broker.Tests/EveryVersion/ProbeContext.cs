using System.Buffers.Binary;
using System.Collections;
using System.Reflection;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>What a probe needs: the running broker, framed round trips, and a check that no error came back.</summary>
internal sealed class ProbeContext
{
    private int _correlationId;
    private int _uniqueNames;

    public ProbeContext(EmbeddedKafka kafka) => Kafka = kafka;

    public EmbeddedKafka Kafka { get; }

    public int Port => Kafka.Port;

    /// <summary>A name no other probe uses, for topics, groups and transactional ids.</summary>
    public string UniqueName(string prefix, short version) => $"{prefix}-v{version}-{Interlocked.Increment(ref _uniqueNames)}";

    /// <summary>
    /// One request on a new connection, framed with the header versions the spec gives for this
    /// API and version; the response must decode to exactly its frame.
    /// </summary>
    public async Task<TResponse> SendAsync<TResponse>(short apiKey, short version, IKafkaMessage request)
        where TResponse : IKafkaMessage<TResponse>
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);
        return await SendAsync<TResponse>(connection, apiKey, version, request);
    }

    /// <summary>One request on a connection the probe keeps (for state bound to a connection).</summary>
    public async Task<TResponse> SendAsync<TResponse>(RawKafkaConnection connection, short apiKey, short version, IKafkaMessage request)
        where TResponse : IKafkaMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(connection);
        var descriptor = ApiTable.Find(apiKey) ?? throw new ArgumentOutOfRangeException(nameof(apiKey));
        int correlationId = Interlocked.Increment(ref _correlationId);
        await connection.SendRequestAsync(apiKey, version, correlationId, request, flexibleHeader: descriptor.RequestHeaderVersion(version) == 2);
        byte[]? frame = await connection.ReceiveFrameAsync();
        Assert.True(frame is not null, $"{descriptor.Name} v{version}: the broker closed the connection");
        Assert.Equal(correlationId, BinaryPrimitives.ReadInt32BigEndian(frame));
        var reader = new KafkaReader(frame.AsMemory(4));
        if (descriptor.ResponseHeaderVersion(version) == 1)
        {
            Assert.Equal(0u, reader.ReadUnsignedVarInt());
        }
        var response = TResponse.Read(ref reader, version);
        Assert.True(reader.Remaining == 0, $"{descriptor.Name} v{version}: {reader.Remaining} bytes left after the response");
        return response;
    }

    /// <summary>
    /// Asserts that every ErrorCode anywhere in the response is NONE or one of <paramref name="allowed"/>.
    /// </summary>
    public static void AssertNoErrors(object response, params ErrorCode[] allowed)
    {
        ArgumentNullException.ThrowIfNull(response);
        var found = new List<string>();
        CollectErrors(response, response.GetType().Name, found, allowed, depth: 0);
        Assert.True(found.Count == 0, "unexpected errors: " + string.Join(", ", found));
    }

    private static void CollectErrors(object node, string path, List<string> found, ErrorCode[] allowed, int depth)
    {
        Assert.True(depth < 16, $"{path}: the response nests deeper than any Kafka message");
        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length != 0)
            {
                continue;
            }
            object? value = property.GetValue(node);
            if (value is null)
            {
                continue;
            }
            if (property.Name == "ErrorCode" && value is short code)
            {
                if (code != 0 && Array.IndexOf(allowed, (ErrorCode)code) < 0)
                {
                    found.Add($"{path}.ErrorCode={(ErrorCode)code}");
                }
            }
            else if (value is IList list && IsMessageType(list.GetType().GetGenericArguments().FirstOrDefault()))
            {
                for (int i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item)
                    {
                        CollectErrors(item, $"{path}.{property.Name}[{i}]", found, allowed, depth + 1);
                    }
                }
            }
            else if (IsMessageType(value.GetType()))
            {
                CollectErrors(value, $"{path}.{property.Name}", found, allowed, depth + 1);
            }
        }
    }

    private static bool IsMessageType(Type? type) => type is not null && type.IsClass && type.Namespace == typeof(MetadataRequest).Namespace;
}
