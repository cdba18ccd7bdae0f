using System.Collections.Concurrent;
using System.Reflection;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Fuzz;

/// <summary>
/// Captured client frames ask the broker to wait as clients do (fetches for 500 ms, joins for
/// minutes): replayed thousands of times, those waits stall their connections. The frame is
/// decoded, its top-level waits shortened (session timeouts to the broker's minimum, 6 s), and
/// encoded again with the same key, version and client id; a frame that does not decode is left as it is.
/// </summary>
internal static class WaitShortener
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Waits = new();

    public static byte[] Shorten(byte[] frame)
    {
        if (frame.Length < 12)
        {
            return frame;
        }
        short key = (short)((frame[4] << 8) | frame[5]);
        short version = (short)((frame[6] << 8) | frame[7]);
        if (ApiTable.Find(key) is not { } descriptor || !descriptor.IsSupported(version))
        {
            return frame;
        }
        try
        {
            var reader = new KafkaReader(frame.AsMemory(4));
            var header = RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(version));
            var body = ApiTable.ReadRequest(key, ref reader, version);
            bool changed = false;
            foreach (var wait in Waits.GetOrAdd(body.GetType(), WaitFields))
            {
                int value = (int)wait.GetValue(body)!;
                int shortened = wait.Name == "SessionTimeoutMs" ? Math.Min(value, 6000) : Math.Min(value, wait.Name == "MaxWaitMs" ? 100 : 1000);
                if (shortened != value)
                {
                    wait.SetValue(body, shortened);
                    changed = true;
                }
            }
            return changed ? RequestFrames.Encode(key, version, header.CorrelationId, body, header.ClientId) : frame;
        }
        catch (KafkaProtocolException)
        {
            return frame;
        }
    }

    private static PropertyInfo[] WaitFields(Type type) => type.GetProperties()
        .Where(p => p.PropertyType == typeof(int) && p.CanWrite
            && (p.Name.EndsWith("WaitMs", StringComparison.Ordinal) || p.Name.EndsWith("TimeoutMs", StringComparison.Ordinal)))
        .ToArray();
}
