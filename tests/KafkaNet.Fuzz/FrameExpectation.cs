using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Reflection;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Fuzz;

internal enum Expect
{
    /// <summary>A response must come, in order (or the connection closes).</summary>
    Response,
    /// <summary>Produce with acks=0: never answered.</summary>
    NoResponse,
    /// <summary>Undecodable or unsupported: the broker closes the connection without answering it.</summary>
    Close,
}

/// <summary>What the broker should do with a frame, worked out by decoding it as the broker would.</summary>
internal sealed record FrameExpectation(
    short ApiKey, short Version, int CorrelationId, Expect Expect, short ResponseVersion, short ResponseHeaderVersion,
    bool BreaksFraming, int DeclaredWaitMs)
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> WaitFields = new();

    public static FrameExpectation Of(byte[] frame, IReadOnlyDictionary<short, (short Min, short Max)> advertised)
    {
        if (frame.Length < 4 || BinaryPrimitives.ReadInt32BigEndian(frame) != frame.Length - 4)
        {
            return Closing(frame, breaksFraming: true);
        }
        if (frame.Length < 12)
        {
            return Closing(frame, breaksFraming: false);
        }
        short key = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(4));
        short version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(6));
        int correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8));
        var descriptor = ApiTable.Find(key);
        if (descriptor is null || !advertised.TryGetValue(key, out var range))
        {
            return Closing(frame, breaksFraming: false);
        }
        var reader = new KafkaReader(frame.AsMemory(4));
        try
        {
            RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(version));
            if (version < range.Min || version > range.Max)
            {
                if (key == ApiVersionsRequest.ApiKey)
                {
                    return new(key, version, correlationId, Expect.Response, 0, 0, false, 0);
                }
                if (descriptor.IsSupported(version) && ApiTable.CreateResponse(key) is IHasErrorCode withError && withError.HasErrorCodeIn(version))
                {
                    return new(key, version, correlationId, Expect.Response, version, descriptor.ResponseHeaderVersion(version), false, 0);
                }
                return new(key, version, correlationId, Expect.Close, 0, 0, false, 0);
            }
            var body = ApiTable.ReadRequest(key, ref reader, version);
            var expect = body is ProduceRequest { Acks: 0 } ? Expect.NoResponse : Expect.Response;
            return new(key, version, correlationId, expect, version, descriptor.ResponseHeaderVersion(version), false, DeclaredWait(body));
        }
        catch (KafkaProtocolException)
        {
            return new(key, version, correlationId, Expect.Close, 0, 0, false, 0);
        }
    }

    private static FrameExpectation Closing(byte[] frame, bool breaksFraming)
    {
        short key = frame.Length >= 6 ? BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(4)) : (short)-1;
        short version = frame.Length >= 8 ? BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(6)) : (short)-1;
        int correlationId = frame.Length >= 12 ? BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8)) : -1;
        return new(key, version, correlationId, Expect.Close, 0, 0, breaksFraming, 0);
    }

    /// <summary>The longest wait the request asks for (MaxWaitMs, *TimeoutMs at its top level): the broker may use it all.</summary>
    private static int DeclaredWait(IKafkaMessage body)
    {
        var fields = WaitFields.GetOrAdd(body.GetType(), t => t.GetProperties()
            .Where(p => p.PropertyType == typeof(int) && (p.Name.EndsWith("WaitMs", StringComparison.Ordinal) || p.Name.EndsWith("TimeoutMs", StringComparison.Ordinal)))
            .ToArray());
        int longest = 0;
        foreach (var field in fields)
        {
            longest = Math.Max(longest, (int)field.GetValue(body)!);
        }
        return longest;
    }
}
