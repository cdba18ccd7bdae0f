using System.Diagnostics;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// OffsetCommit v8 from K connections at once, each committing its own P partitions for one simple group
/// (generation -1, no member id, as a consumer that assigns itself partitions does) in a closed loop:
/// the next commit leaves when the last is answered. A first pass, then a warm second pass on the same broker.
/// </summary>
internal static class OffsetCommitBench
{
    private const short Version = 8;
    private const string GroupId = "commit-bench";
    private const string Topic = "commit-bench";

    public static async Task<List<CommitPass>> RunAsync(BenchServer server, int connectionCount, int partitionsPerRequest, int maxRequestsPerConnection,
        TimeSpan passDuration, CancellationToken cancellationToken)
    {
        var connections = await BenchConnection.OpenManyAsync(server.Port, connectionCount, cancellationToken).ConfigureAwait(false);
        try
        {
            await BenchAdmin.CreateTopicAsync(connections[0], Topic, connectionCount * partitionsPerRequest, cancellationToken).ConfigureAwait(false);
            await BenchAdmin.FindCoordinatorAsync(connections[0], GroupId, cancellationToken).ConfigureAwait(false);
            var requests = connections.Select((_, i) => Request(i * partitionsPerRequest, partitionsPerRequest)).ToArray();
            var passes = new List<CommitPass>();
            foreach (string pass in new[] { "first", "warm" })
            {
                var latencies = connections.Select(_ => new List<double>(Math.Min(maxRequestsPerConnection, 1 << 16))).ToArray();
                double cpuBefore = server.CpuSeconds();
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(connections.Select((c, i) =>
                    CommitLoopAsync(c, requests[i], latencies[i], maxRequestsPerConnection, clock, passDuration, cancellationToken))).ConfigureAwait(false);
                double seconds = clock.Elapsed.TotalSeconds;
                double cpu = server.CpuSeconds() - cpuBefore;
                var all = latencies.SelectMany(l => l).ToList();
                passes.Add(new CommitPass(connectionCount, partitionsPerRequest, pass, all.Count, seconds, Percentiles.Median(all), Percentiles.Of(all, 99), cpu));
                Console.WriteLine(passes[^1]);
            }
            return passes;
        }
        finally
        {
            BenchConnection.DisposeAll(connections);
        }
    }

    private static async Task CommitLoopAsync(BenchConnection connection, OffsetCommitRequest request, List<double> latencies, int maxRequests,
        Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        var partitions = request.Topics[0].Partitions;
        long offset = partitions[0].CommittedOffset;
        for (int i = 0; i < maxRequests && clock.Elapsed < duration; i++)
        {
            offset++;
            foreach (var partition in partitions)
            {
                partition.CommittedOffset = offset;
            }
            long start = Stopwatch.GetTimestamp();
            var response = await connection.RequestAsync<OffsetCommitResponse>(OffsetCommitRequest.ApiKey, Version, request, cancellationToken).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            foreach (var partition in response.Topics[0].Partitions)
            {
                if (partition.ErrorCode != 0)
                {
                    throw new InvalidOperationException($"OffsetCommit partition {partition.PartitionIndex}: error {partition.ErrorCode}");
                }
            }
        }
    }

    private static OffsetCommitRequest Request(int firstPartition, int count)
    {
        var topic = new OffsetCommitRequest.OffsetCommitRequestTopic { Name = Topic };
        for (int p = firstPartition; p < firstPartition + count; p++)
        {
            topic.Partitions.Add(new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = p, CommittedMetadata = "" });
        }
        return new OffsetCommitRequest { GroupId = GroupId, GenerationIdOrMemberEpoch = -1, MemberId = "", Topics = [topic] };
    }
}
