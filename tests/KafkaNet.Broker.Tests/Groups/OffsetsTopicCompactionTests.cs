using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;

namespace KafkaNet.Broker.Tests.Groups;

/// <summary>Compaction keeps __consumer_offsets small, and what it keeps replays to the same state.</summary>
public sealed class OffsetsTopicCompactionTests
{
    [Fact]
    public async Task Repeated_commits_compact_to_the_latest_offset_and_replay_to_it()
    {
        using var dir = new TempDirectory();
        const int Commits = 20_000;
        long sizeBefore;
        using (var harness = CoordinatorHarness.Open(dir.Path, configure: o => o.OffsetsTopicSegmentBytes = 1024 * 1024))
        {
            harness.CreateTopic("compacted", 1);
            harness.FindCoordinator("busy-committer");
            for (int i = 1; i <= Commits; i++)
            {
                await harness.Coordinator.CommitOffsetsAsync("busy-committer", "", null, -1, null, 8,
                    [new OffsetCommitEntry("compacted", Guid.Empty, 0, i, -1, "", TopicExists: true)]);
            }
            var log = harness.Replicas.Find(TopicNames.ConsumerOffsets, harness.Coordinator.PartitionFor("busy-committer"))!;
            sizeBefore = log.Size;
            Assert.True(log.Segments.Count > 1, "the commits should fill more than one segment");

            harness.Replicas.RunMaintenance();

            Assert.True(log.Size < sizeBefore / 2, $"compaction left {log.Size} of {sizeBefore} bytes");
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(Commits, reopened.Coordinator.FetchOffsets("busy-committer", [new("compacted", 0)]).Offsets.Single().Offset?.Offset);
    }
}
