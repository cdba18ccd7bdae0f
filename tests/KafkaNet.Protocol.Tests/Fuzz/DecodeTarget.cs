using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>One decoder under fuzzing (an API key, a version, request or response) and the properties each input must keep.</summary>
internal sealed class DecodeTarget(bool request, ApiDescriptor descriptor, short version)
{
    public bool Request { get; } = request;

    public ApiDescriptor Descriptor { get; } = descriptor;

    public short Version { get; } = version;

    public string Name => $"{(Request ? "request" : "response")} api key {Descriptor.ApiKey} ({Descriptor.Name}) v{Version}";

    public string Describe(string origin, IReadOnlyList<string> steps, byte[] input, string problem) =>
        FuzzFailure.Describe(Name, origin, steps, input, problem);

    /// <summary>A seed must decode to its end and re-encode to itself; it also warms the decoder before allocations are measured.</summary>
    public void CheckSeed(MessageSeeds.Seed seed)
    {
        var message = MessageCodec.Decode(Request, Descriptor.ApiKey, seed.Bytes, Version, out int consumed);
        Assert.True(consumed == seed.Bytes.Length, Describe(seed.Origin, [], seed.Bytes, $"seed decoded {consumed} of {seed.Bytes.Length} bytes"));
        Reencode(message, seed.Origin, [], seed.Bytes);
    }

    public void Check(byte[] input, string origin, IReadOnlyList<string> steps, FuzzStats stats)
    {
        IKafkaMessage? decoded = null;
        Exception? error = null;
        long allocated = AllocationBudget.Measure(() =>
        {
            try
            {
                decoded = MessageCodec.Decode(Request, Descriptor.ApiKey, input, Version, out _);
            }
#pragma warning disable CA1031 // Every exception is caught so that an unexpected one is reported with its input.
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = e;
            }
        });
        if (error is not null and not KafkaProtocolException)
        {
            Assert.Fail(Describe(origin, steps, input, $"threw {error}"));
        }
        long budget = AllocationBudget.For(input.Length);
        if (allocated > budget)
        {
            Assert.Fail(Describe(origin, steps, input, $"allocated {allocated} bytes, budget {budget}"));
        }
        stats.Record(decoded is not null, allocated, input.Length);
        if (decoded is not null)
        {
            Reencode(decoded, origin, steps, input);
        }
    }

    /// <summary>What decoded encodes; that encoding decodes to its end and encodes to the same bytes.</summary>
    private void Reencode(IKafkaMessage decoded, string origin, IReadOnlyList<string> steps, byte[] input)
    {
        byte[] first;
        byte[] second;
        int consumed;
        try
        {
            first = MessageCodec.Encode(decoded, Version);
            var again = MessageCodec.Decode(Request, Descriptor.ApiKey, first, Version, out consumed);
            second = MessageCodec.Encode(again, Version);
        }
#pragma warning disable CA1031 // Reported with the input that led to it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Assert.Fail(Describe(origin, steps, input, $"decoded, but re-encoding and decoding again threw {e}"));
            return;
        }
        if (consumed != first.Length)
        {
            Assert.Fail(Describe(origin, steps, input, $"re-encoded to {first.Length} bytes of which a decode read {consumed}: {Convert.ToHexString(first)}"));
        }
        if (!first.AsSpan().SequenceEqual(second))
        {
            Assert.Fail(Describe(origin, steps, input, $"unstable encoding: first {Convert.ToHexString(first)}, second {Convert.ToHexString(second)}"));
        }
    }
}
