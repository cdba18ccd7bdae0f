using System.Buffers;
using System.Collections.Immutable;
using KafkaNet.Broker;
using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Controller;
using KafkaNet.Cluster.Observer;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cluster.Node;

/// <summary>
/// Applies the committed metadata log to this node: each entry is a batch of metadata records replayed
/// over the current image; the new image goes to the controller, then the broker. Snapshots are the
/// image's records as one batch. Callers can wait until a given offset is applied.
/// </summary>
public sealed partial class MetadataPublisher : IMetadataLogApplier
{
    private readonly KafkaBroker _broker;
    private readonly QuorumController? _controller;
    private readonly Lock _waitersLock = new();
    private readonly Lock _applyLock = new();
    private readonly List<(long Offset, TaskCompletionSource Signal)> _waiters = [];
    private readonly ILogger _logger;
    private MetadataImage _image = MetadataImage.Empty;

    /// <param name="controller">This node's controller, or null on a node with only the broker role.</param>
    public MetadataPublisher(KafkaBroker broker, QuorumController? controller, ILogger<MetadataPublisher>? logger = null)
    {
        _broker = broker ?? throw new ArgumentNullException(nameof(broker));
        _controller = controller;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>On a controller: keeps what brokers following the log without voting fetch.</summary>
    public MetadataLogFeed? Feed { get; init; }

    /// <summary>Told of every update after the broker applied it (the replica fetchers follow it).</summary>
    public Action<MetadataUpdate>? Applied { get; set; }

    /// <summary>Called when an applied entry changed the voter set a dynamic quorum records (VotersRecord).</summary>
    public Action<ImmutableArray<ControllerQuorumVoter>>? VotersApplied { get; set; }

    /// <summary>The image of everything applied so far.</summary>
    public MetadataImage Image => Volatile.Read(ref _image);

    /// <summary>The offset of the last applied entry; -1 before any.</summary>
    public long AppliedOffset => Image.LastAppliedOffset;

    public ValueTask ApplyAsync(long index, ReadOnlyMemory<byte> entry, CancellationToken cancellationToken)
    {
        var delta = new MetadataDelta(Image);
        try
        {
            foreach (var record in MetadataRecordReader.ReadBatch(entry))
            {
                delta.Replay(record.Message);
            }
        }
#pragma warning disable CA1031 // Logged; what replayed is kept and the offset still advances, as Kafka's loader does.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ReplayFailed(_logger, index, e);
        }
        var update = delta.Apply(index);
        Feed?.Append(index, entry.Span, update.Image);
        Publish(update);
        return ValueTask.CompletedTask;
    }

    public void WriteSnapshot(IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(MetadataRecordWriter.ToBatch(Image.ToRecords()));
    }

    public void RestoreSnapshot(ReadOnlySequence<byte> snapshot)
    {
        // The snapshot's own offset is not stored with it; the entries replayed after it set the real one.
        var update = Replace(snapshot.ToArray(), Math.Max(Image.LastAppliedOffset, 0));
        Feed?.Reset(update.Image, offsetKnown: false);
        Publish(update);
    }

    /// <summary>
    /// Replaces the image by a snapshot fetched from the active controller (records as <see cref="WriteSnapshot"/>
    /// writes them) standing for every entry up to <paramref name="lastOffset"/>.
    /// </summary>
    public void LoadSnapshot(ReadOnlyMemory<byte> snapshot, long lastOffset) =>
        Publish(Replace(snapshot, Math.Max(lastOffset, Image.LastAppliedOffset)));

    private MetadataUpdate Replace(ReadOnlyMemory<byte> snapshot, long offset)
    {
        var delta = MetadataDelta.ForSnapshot(Image);
        foreach (var record in MetadataRecordReader.ReadBatch(snapshot))
        {
            delta.Replay(record.Message);
        }
        return delta.Apply(offset);
    }

    /// <summary>Completes once the applied offset reaches <paramref name="offset"/>.</summary>
    public Task WaitForOffsetAsync(long offset, CancellationToken cancellationToken)
    {
        if (AppliedOffset >= offset)
        {
            return Task.CompletedTask;
        }
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
        {
            if (AppliedOffset >= offset)
            {
                return Task.CompletedTask;
            }
            _waiters.Add((offset, signal));
        }
        return signal.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="action"/> while no update is being applied (the broker sees one stable image).</summary>
    public void RunBetweenUpdates(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_applyLock)
        {
            action();
        }
    }

    private void Deliver(long offset, string subscriber, Action publish)
    {
        try
        {
            publish();
        }
#pragma warning disable CA1031 // Logged: the next update is applied regardless.
        catch (Exception e)
#pragma warning restore CA1031
        {
            PublishFailed(_logger, offset, subscriber, e);
        }
    }

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Replaying the metadata entry at offset {Offset} failed")]
    private static partial void ReplayFailed(ILogger logger, long offset, Exception exception);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Publishing metadata offset {Offset} to the {Subscriber} failed")]
    private static partial void PublishFailed(ILogger logger, long offset, string subscriber, Exception exception);

    private void Publish(MetadataUpdate update)
    {
        lock (_applyLock)
        {
            var previousVoters = _image.Voters;
            Volatile.Write(ref _image, update.Image);
            // A failing subscriber is logged and the log goes on being applied: an exception escaping here would
            // stop the Raft engine applying entries at all, and this node would serve a frozen image.
            if (_controller is { } controller)
            {
                Deliver(update.Image.LastAppliedOffset, "controller", () => controller.Publish(update.Image));
            }
            Deliver(update.Image.LastAppliedOffset, "broker", () => _broker.Publish(update));
            if (Applied is { } applied)
            {
                Deliver(update.Image.LastAppliedOffset, "replica fetchers", () => applied(update));
            }
            if (VotersApplied is { } votersApplied && update.Image.Voters != previousVoters)
            {
                Deliver(update.Image.LastAppliedOffset, "quorum", () => votersApplied(update.Image.Voters));
            }
        }
        List<TaskCompletionSource>? ready = null;
        lock (_waitersLock)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Offset <= update.Image.LastAppliedOffset)
                {
                    (ready ??= []).Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }
        ready?.ForEach(s => s.TrySetResult());
    }
}
