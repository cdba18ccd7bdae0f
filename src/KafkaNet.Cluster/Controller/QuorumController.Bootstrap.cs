using KafkaNet.Protocol.Metadata;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Controller;

// The records the format command left for the first active controller of an empty metadata log (BootstrapRecordsFile:
// the SCRAM users of --add-scram, KIP-900). They go in as one entry ahead of anything else this controller writes, so a
// cluster serves those users from its first moment; a log that holds anything already never takes them again.
public sealed partial class QuorumController
{
    private IReadOnlyList<MetadataRecord> _bootstrapRecords = [];

    /// <summary>Appended once, as one entry, by the first active controller of a log that holds nothing yet.</summary>
    public IReadOnlyList<MetadataRecord> BootstrapRecords
    {
        get => Volatile.Read(ref _bootstrapRecords);
        set => Volatile.Write(ref _bootstrapRecords, value ?? throw new ArgumentNullException(nameof(value)));
    }

    // Called under the gate, caught up with the log: an image that applied nothing, from a controller that wrote nothing,
    // means the log is empty (the Raft engine's own empty entries never reach the image).
    private async Task AppendBootstrapRecordsIfLogEmptyAsync(CancellationToken cancellationToken)
    {
        var records = BootstrapRecords;
        if (records.Count == 0 || Image.LastAppliedOffset >= 0 || _lastWrittenOffset >= 0)
        {
            return;
        }
        long offset = await _writer.AppendAsync(records, cancellationToken).ConfigureAwait(false);
        _lastWrittenOffset = Math.Max(_lastWrittenOffset, offset);
        Log.Bootstrapped(_logger, records.Count, offset);
        await WaitForImageAsync(offset, cancellationToken).ConfigureAwait(false);
    }

    // On taking office: at once, not only ahead of the first request (a controller alone may get none for a while).
    private Task WriteBootstrapRecordsOnLeadershipAsync() =>
        BootstrapRecords.Count == 0
            ? Task.CompletedTask
            : TickAsync(token => RunAsync(_ => Plan<bool>.Answer(true), (_, _) => false, token), e => Log.BootstrapFailed(_logger, e));

    private static partial class Log
    {
        [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Wrote the {Count} bootstrap record(s) of the format command to the empty metadata log at offset {Offset}")]
        public static partial void Bootstrapped(ILogger logger, int count, long offset);

        [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Writing the bootstrap records failed; the next request writes them")]
        public static partial void BootstrapFailed(ILogger logger, Exception exception);
    }
}
