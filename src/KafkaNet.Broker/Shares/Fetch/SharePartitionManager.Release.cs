namespace KafkaNet.Broker.Shares.Fetch;

public sealed partial class SharePartitionManager
{
    private readonly Lock _followGate = new();
    private IShareGroupView? _followed;

    /// <summary>Gives back every record <paramref name="memberId"/> holds in the group's partitions here, persisting each change.</summary>
    /// <returns>How many records were released.</returns>
    public async Task<int> ReleaseMemberAsync(string groupId, string memberId, CancellationToken cancellationToken = default)
    {
        int released = 0;
        foreach (var led in _partitions.Values.Where(p => p.Key.GroupId == groupId).ToList())
        {
            released += await ChangeAsync(led, state => state.ReleaseMember(memberId), cancellationToken).ConfigureAwait(false);
        }
        return released;
    }

    /// <summary>Returns for redelivery every record whose lock ran out, persisting each partition that changed.</summary>
    /// <returns>How many records lost their lock.</returns>
    public async Task<int> ExpireLocksAsync(CancellationToken cancellationToken = default)
    {
        int expired = 0;
        long now = NowMs;
        foreach (var led in _partitions.Values.ToList())
        {
            expired += await ChangeAsync(led, state => state.ExpireLocks(now), cancellationToken).ConfigureAwait(false);
        }
        return expired;
    }

    /// <summary>
    /// Closes the share sessions opened on a connection that closed and releases their members' records, as Kafka
    /// does when a share consumer's connection goes away.
    /// </summary>
    public Task ConnectionClosedAsync(string connectionId)
    {
        var closed = Sessions.RemoveConnection(connectionId);
        return closed.Count == 0 ? Task.CompletedTask : ReleaseAllAsync(closed);
    }

    /// <summary>Ends <paramref name="key"/>'s session and releases its member's records (a ShareFetch or ShareAcknowledge with epoch -1).</summary>
    public Task<int> CloseSessionAsync(ShareSessionKey key, CancellationToken cancellationToken = default)
    {
        Sessions.Remove(key);
        return ReleaseMemberAsync(key.GroupId, key.MemberId, cancellationToken);
    }

    /// <summary>Runs in the background of the event that ended the sessions; stops quietly when the broker stops.</summary>
    private async Task ReleaseAllAsync(IReadOnlyList<ShareSessionKey> keys)
    {
        try
        {
            foreach (var key in keys)
            {
                await ReleaseMemberAsync(key.GroupId, key.MemberId, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping: no lock outlives the broker anyway.
        }
    }

    /// <summary>One change under the partition's gate, persisted when it touched any record.</summary>
    private async Task<int> ChangeAsync(LedSharePartition led, Func<SharePartition, int> change, CancellationToken cancellationToken)
    {
        await led.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsCurrent(led)) return 0;
            FollowDeadLetterConfig(led);
            int changed = change(led.State);
            if (changed > 0 || led.TakeArchived())
            {
                await PersistAsync(led, cancellationToken).ConfigureAwait(false);
            }
            return changed;
        }
        finally
        {
            led.Gate.Release();
        }
    }

    /// <summary>Listens for departed members of the current group view (and stops listening to a replaced one).</summary>
    private void Follow(IShareGroupView? view)
    {
        lock (_followGate)
        {
            if (ReferenceEquals(view, _followed)) return;
            if (_followed is not null) _followed.MemberLeft -= OnMemberLeft;
            _followed = view;
            if (view is not null) view.MemberLeft += OnMemberLeft;
        }
    }

    private void OnMemberLeft(string groupId, string memberId)
    {
        var key = new ShareSessionKey(groupId, memberId);
        Sessions.Remove(key);
        _ = ReleaseAllAsync([key]);
    }

    private async Task SweepLocksAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                await ExpireLocksAsync(_stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
