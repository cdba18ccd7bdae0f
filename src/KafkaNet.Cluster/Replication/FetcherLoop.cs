using System.Diagnostics;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Replication;

/// <summary>
/// One fetch loop to one leader (Kafka's replica fetcher thread): it fetches every partition it holds in one Fetch
/// request at a time over its own connection, applies the answer, and backs off when the leader cannot be reached.
/// </summary>
internal sealed class FetcherLoop
{
    private readonly FetcherContext context;
    private readonly List<PartitionFetchState> partitions = [];
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private NodeClient? client;

    public FetcherLoop(FetcherContext context, int leaderId, int index)
    {
        this.context = context;
        LeaderId = leaderId;
        Index = index;
        running = Task.Run(RunAsync);
    }

    public int LeaderId { get; }

    public int Index { get; }

    public void Add(PartitionFetchState state)
    {
        lock (partitions)
        {
            if (!partitions.Contains(state))
                partitions.Add(state);
        }
        Wake();
    }

    /// <summary>Returns whether the loop has no partition left.</summary>
    public bool Remove(PartitionFetchState state)
    {
        lock (partitions)
        {
            partitions.Remove(state);
            return partitions.Count == 0;
        }
    }

    public void Wake()
    {
        lock (wake)
        {
            if (wake.CurrentCount == 0)
                wake.Release();
        }
    }

    /// <summary>Stops the loop; the task completes once a response being applied is done, and never faults.</summary>
    public Task StopAsync()
    {
        stop.Cancel();
        return running;
    }

    private async Task RunAsync()
    {
        var token = stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    await FetchOnceAsync(token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // the loop outlives any one failure; it is logged and retried after backoff
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    ReplicaFetcherLog.FetchFailed(context.Logger, LeaderId, e.ToString());
                    await Task.Delay(context.Backoff, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            if (client is not null)
                await client.DisposeAsync().ConfigureAwait(false);
            stop.Dispose();
        }
    }

    private async Task FetchOnceAsync(CancellationToken token)
    {
        var sent = new List<FetchedPartition>();
        var request = BuildRequest(sent);
        if (request is null)
        {
            await wake.WaitAsync(context.Backoff, token).ConfigureAwait(false);
            return;
        }

        var response = await FetchAsync(request, sent, token).ConfigureAwait(false);
        if (response is not null)
            await ApplyAsync(response, sent, token).ConfigureAwait(false);
    }

    private FetchRequest? BuildRequest(List<FetchedPartition> sent)
    {
        var options = context.Options;
        var request = new FetchRequest
        {
            ReplicaId = options.FetchVersion >= 15 ? -1 : options.LocalNodeId,
            ReplicaState = new FetchRequest.ReplicaStateData { ReplicaId = options.LocalNodeId, ReplicaEpoch = options.BrokerEpoch() },
            MaxWaitMs = options.ReplicaFetchWaitMaxMs,
            MinBytes = options.ReplicaFetchMinBytes,
            MaxBytes = options.ReplicaFetchResponseMaxBytes,
            IsolationLevel = 0,
            SessionId = 0,
            SessionEpoch = -1,
        };
        long now = Stopwatch.GetTimestamp();
        PartitionFetchState[] current;
        lock (partitions)
            current = [.. partitions];
        foreach (var state in current)
        {
            if (state.Status is FollowedPartitionStatus.Paused or FollowedPartitionStatus.Failed
                || (state.Status == FollowedPartitionStatus.Delayed && now < state.DelayedUntil))
                continue;
            var log = context.FindLog(state.Topic, state.Partition);
            if (log is null)
                continue;
            long fetchOffset = log.LogEndOffset;
            var topic = request.Topics.Find(t => t.TopicId == state.TopicId && t.Topic == state.Topic);
            if (topic is null)
            {
                topic = new FetchRequest.FetchTopic { Topic = state.Topic, TopicId = state.TopicId };
                request.Topics.Add(topic);
            }
            topic.Partitions.Add(new FetchRequest.FetchPartition
            {
                Partition = state.Partition,
                CurrentLeaderEpoch = state.LeaderEpoch,
                FetchOffset = fetchOffset,
                LastFetchedEpoch = log.LeaderEpochs.LatestEpoch,
                LogStartOffset = log.LogStartOffset,
                PartitionMaxBytes = options.ReplicaFetchMaxBytes,
            });
            sent.Add(new FetchedPartition(state, state.Generation, fetchOffset));
        }
        return sent.Count == 0 ? null : request;
    }

    private async Task<FetchResponse?> FetchAsync(FetchRequest request, List<FetchedPartition> sent, CancellationToken token)
    {
        string reason;
        try
        {
            client ??= context.ResolveBroker(LeaderId) is { } address
                ? new NodeClient(address, new NodeClientOptions { ClientId = $"broker-{context.Options.LocalNodeId}-fetcher-{Index}", Security = context.Options.Security }, context.LoggerFactory)
                : null;
            if (client is not null)
            {
                var response = await client.SendAsync<FetchResponse>(request, FetchRequest.ApiKey, context.Options.FetchVersion, token).ConfigureAwait(false);
                if (response.ErrorCode == 0)
                    return response;
                reason = $"error code {response.ErrorCode}";
            }
            else
            {
                reason = "leader address unknown";
            }
        }
        catch (Exception e) when (e is NodeUnreachableException or TimeoutException)
        {
            reason = e.Message;
            // A new client on the next try: the leader may have come back elsewhere.
            await client!.DisposeAsync().ConfigureAwait(false);
            client = null;
        }

        ReplicaFetcherLog.FetchFailed(context.Logger, LeaderId, reason);
        foreach (var fetched in sent)
            fetched.State.LastError = reason;
        await Task.Delay(context.Backoff, token).ConfigureAwait(false);
        return null;
    }

    private async Task ApplyAsync(FetchResponse response, List<FetchedPartition> sent, CancellationToken token)
    {
        bool byId = context.Options.FetchVersion >= 13;
        foreach (var topic in response.Responses)
        {
            foreach (var data in topic.Partitions)
            {
                var match = sent.FindIndex(f => f.State.Partition == data.PartitionIndex && (byId ? f.State.TopicId == topic.TopicId : f.State.Topic == topic.Topic));
                if (match < 0)
                    continue;
                var fetched = sent[match];
                if (await PartitionResponseApplier.ApplyAsync(context, fetched, data, QueryLeaderOffsetsAsync, token).ConfigureAwait(false))
                    context.OnAppended(fetched.State.Topic, fetched.State.Partition);
            }
        }
    }

    private Task<(long Start, long End)?> QueryLeaderOffsetsAsync(PartitionFetchState state, CancellationToken token) =>
        client is null ? Task.FromResult<(long, long)?>(null) : LeaderOffsets.QueryAsync(client, context.Options.LocalNodeId, state, token);
}
