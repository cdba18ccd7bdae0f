using System.Collections.Concurrent;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.DeadLetter;
using KafkaNet.Broker.Shares.Fetch;
using KafkaNet.Broker.Tests.Groups;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.Fetch.ShareFetchText;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

public sealed class SharePartitionManagerDeadLetterTests : IDisposable
{
    private static readonly SharePartitionKey Key = new("g", Guid.Parse("00000000-0000-0000-0000-00000000000b"), 0);
    private static readonly ShareFetchLimits Plenty = new(1 << 20, 500, 0, RecordLimit: false);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly InMemoryShareStatePersister _persister = new();
    private readonly TestShareGroupView _view = new TestShareGroupView().Join("g", "m1");
    private readonly FakeShareLog _log = new FakeShareLog().Append(4);
    private readonly RecordingWriter _writer;
    private readonly SharePartitionManager _manager;

    public SharePartitionManagerDeadLetterTests()
    {
        _view.Config = new SharePartitionConfig { DeliveryCountLimit = 2, DeadLetterTopic = "dlq.t" };
        _writer = new RecordingWriter(_persister);
        _manager = new SharePartitionManager(() => _persister, () => _view, maxSessions: 10, new ManualClock(), deadLetters: () => _writer);
    }

    public void Dispose() => _manager.Dispose();

    private Task<ErrorCode> AcknowledgeAsync(params AcknowledgementBatch[] batches) =>
        _manager.AcknowledgeAsync(Key, 0, _log, "m1", batches, CancellationToken.None);

    /// <summary>Takes every record and rejects it, then waits until the write is done and the start offset moved past them.</summary>
    private async Task RejectAllAndWaitAsync()
    {
        Assert.Equal("0-3#1", Of(await _manager.AcquireAsync(Key, 0, _log, "m1", Plenty, CancellationToken.None)));
        Assert.Equal(ErrorCode.None, await AcknowledgeAsync(Ack(0, 3, AcknowledgeType.Reject)));
        Assert.Equal("start 4:", await PersistedWhenAsync(s => s == "start 4:"));
    }

    private async Task<string> PersistedWhenAsync(Func<string, bool> done)
    {
        using var timeout = new CancellationTokenSource(Patience);
        string persisted = await PersistedAsync(_persister, Key);
        while (!done(persisted))
        {
            await Task.Delay(10, timeout.Token);
            persisted = await PersistedAsync(_persister, Key);
        }
        return persisted;
    }

    [Fact]
    public async Task A_rejected_record_is_persisted_archiving_before_its_dead_letter_write_and_archived_after_it()
    {
        Assert.Equal("0-3#1", Of(await _manager.AcquireAsync(Key, 0, _log, "m1", Plenty, CancellationToken.None)));
        Assert.Equal(ErrorCode.None, await AcknowledgeAsync(Ack(0, 0, AcknowledgeType.Reject), Ack(1, 3, AcknowledgeType.Accept)));

        Assert.Equal("start 4:", await PersistedWhenAsync(s => s == "start 4:"));
        var call = Assert.Single(_writer.Calls);
        Assert.Equal("start 0: 0-0 z1 1-3 k1", call.PersistedBefore);
        Assert.Equal([new ArchivedRecords(0, 0, 1, ArchiveReason.RejectedByClient)], call.Runs);
        Assert.Equal("dlq.t", call.Config.DeadLetterTopic);
        Assert.False(call.MayBeWritten);
    }

    [Fact]
    public async Task A_failed_write_is_tried_again_as_possibly_written_and_holds_the_records_meanwhile()
    {
        _writer.Outcomes.Enqueue(DeadLetterOutcome.Failed);
        await RejectAllAndWaitAsync();
        Assert.Equal([false, true], _writer.Calls.Select(c => c.MayBeWritten));
        Assert.All(_writer.Calls, c => Assert.Equal("start 0: 0-3 z1", c.PersistedBefore));
    }

    [Fact]
    public async Task Skipped_writes_archive_the_records_all_the_same()
    {
        _writer.Outcomes.Enqueue(DeadLetterOutcome.Skipped);
        await RejectAllAndWaitAsync();
        Assert.Single(_writer.Calls);
    }

    [Fact]
    public async Task Records_loaded_archiving_are_written_after_a_check_for_earlier_copies()
    {
        Assert.Equal(ErrorCode.None, await _persister.InitializeAsync(Key, 0, 0, CancellationToken.None));
        Assert.Equal(ErrorCode.None, await _persister.WriteAsync(Key, 0, 0, 0,
            [new ShareStateBatch(0, 1, RecordDeliveryState.Archiving, 2), new ShareStateBatch(2, 2, RecordDeliveryState.Acknowledged, 1)],
            CancellationToken.None));

        // Loading the partition (here by a fetch) starts the write of what a previous leader left Archiving.
        Assert.Equal("3-3#1", Of(await _manager.AcquireAsync(Key, 0, _log, "m1", Plenty, CancellationToken.None)));

        Assert.Equal("start 3: 3-3 q1", await PersistedWhenAsync(s => s.StartsWith("start 3:", StringComparison.Ordinal)));
        var call = Assert.Single(_writer.Calls);
        Assert.True(call.MayBeWritten);
        Assert.Equal([new ArchivedRecords(0, 1, 2, ArchiveReason.DeliveryLimitReached)], call.Runs);
    }

    [Fact]
    public async Task Without_a_dead_letter_topic_nothing_is_written_and_records_are_archived_at_once()
    {
        _view.Config = _view.Config with { DeadLetterTopic = null };
        await _manager.AcquireAsync(Key, 0, _log, "m1", Plenty, CancellationToken.None);
        await AcknowledgeAsync(Ack(0, 3, AcknowledgeType.Reject));

        Assert.Equal("start 4:", await PersistedAsync(_persister, Key));
        Assert.Empty(_writer.Calls);
    }

    private sealed record Call(IReadOnlyList<ArchivedRecords> Runs, SharePartitionConfig Config, bool MayBeWritten, string PersistedBefore);

    /// <summary>Records each write with the state persisted when it was asked for; answers from a queue, then Written.</summary>
    private sealed class RecordingWriter(IShareStatePersister persister) : IDeadLetterWriter
    {
        private readonly ConcurrentQueue<Call> _calls = new();

        public ConcurrentQueue<DeadLetterOutcome> Outcomes { get; } = new();

        public IReadOnlyList<Call> Calls => [.. _calls];

        public async Task<DeadLetterOutcome> WriteAsync(SharePartitionKey source, SharePartitionConfig config, IReadOnlyList<ArchivedRecords> runs,
            bool mayBeWritten, CancellationToken cancellationToken)
        {
            _calls.Enqueue(new Call(runs, config, mayBeWritten, await PersistedAsync(persister, source)));
            return Outcomes.TryDequeue(out var outcome) ? outcome : DeadLetterOutcome.Written;
        }
    }
}
