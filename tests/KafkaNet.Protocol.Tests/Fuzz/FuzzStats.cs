using System.Diagnostics;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>What one fuzz test did: executions, how many decoded, the largest allocation relative to its input.</summary>
internal sealed class FuzzStats
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long Executions { get; private set; }

    public long Decoded { get; private set; }

    public long Rejected { get; private set; }

    public long MaxAllocated { get; private set; }

    public double MaxBytesPerInputByte { get; private set; }

    /// <summary>The largest allocation per input byte among inputs of 64 bytes or more that decoded: the decoders' amplification.</summary>
    public double MaxDecodedBytesPerInputByte { get; private set; }

    public void Record(bool decoded, long allocated, int inputLength)
    {
        Executions++;
        if (decoded)
        {
            Decoded++;
        }
        else
        {
            Rejected++;
        }
        MaxAllocated = Math.Max(MaxAllocated, allocated);
        MaxBytesPerInputByte = Math.Max(MaxBytesPerInputByte, (double)allocated / Math.Max(1, inputLength));
        if (decoded && inputLength >= 64)
        {
            MaxDecodedBytesPerInputByte = Math.Max(MaxDecodedBytesPerInputByte, (double)allocated / inputLength);
        }
    }

    public string Summary(string what)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        return $"fuzz {what}: {Executions} executions in {seconds:F2} s ({Executions / Math.Max(seconds, 1e-9):F0}/s), "
            + $"{Decoded} decoded, {Rejected} rejected, max allocation {MaxAllocated} B, max {MaxBytesPerInputByte:F1} B per input byte, "
            + $"max {MaxDecodedBytesPerInputByte:F1} B per input byte of a decoded input of 64+ bytes, "
            + $"multiplier {FuzzSettings.Multiplier}";
    }
}
