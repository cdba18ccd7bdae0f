using System.Buffers.Binary;
using System.Net.Sockets;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>
/// Asks the broker which versions it serves of the APIs librdkafka's share consumer sends (ApiVersions v0 over a
/// plain socket, since no client library exposes the answer). librdkafka 2.16 sends version 1 of each.
/// </summary>
internal static class ApiVersionsProbe
{
    public static readonly IReadOnlyDictionary<short, string> ShareApis = new Dictionary<short, string>
    {
        [76] = "ShareGroupHeartbeat",
        [78] = "ShareFetch",
        [79] = "ShareAcknowledge",
    };

    private const short ApiVersionsKey = 18;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Each advertised API key with its (min, max) versions.</summary>
    public static async Task<IReadOnlyDictionary<short, (short Min, short Max)>> QueryAsync(string bootstrap)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        int colon = bootstrap.LastIndexOf(':');
        using var client = new TcpClient();
        await client.ConnectAsync(bootstrap[..colon], int.Parse(bootstrap[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancel.Token);
        NetworkStream stream = client.GetStream();

        byte[] clientId = "share-probe"u8.ToArray();
        byte[] request = new byte[4 + 2 + 2 + 4 + 2 + clientId.Length];
        BinaryPrimitives.WriteInt32BigEndian(request, request.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(4), ApiVersionsKey);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(6), 0);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(8), 1);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(12), (short)clientId.Length);
        clientId.CopyTo(request.AsSpan(14));
        await stream.WriteAsync(request, cancel.Token);

        byte[] size = new byte[4];
        await stream.ReadExactlyAsync(size, cancel.Token);
        byte[] response = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await stream.ReadExactlyAsync(response, cancel.Token);
        // Correlation id (4), error code (2), then [api key, min, max] as int16s.
        short error = BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4));
        if (error != 0)
        {
            throw new InvalidOperationException($"ApiVersions v0 answered error {error}");
        }
        int count = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6));
        var versions = new Dictionary<short, (short, short)>();
        for (int i = 0, at = 10; i < count; i++, at += 6)
        {
            versions[BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(at))] =
                (BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(at + 2)), BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(at + 4)));
        }
        return versions;
    }
}
