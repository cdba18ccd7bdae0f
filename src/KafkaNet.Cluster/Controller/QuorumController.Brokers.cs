using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

// Broker lifecycle: registration, heartbeats, sessions, fencing and controlled shutdown.
public sealed partial class QuorumController
{
    /// <summary>Registers a broker fenced; its epoch is the offset the registration commits at.</summary>
    public Task<BrokerRegistrationResponse> BrokerRegistrationAsync(BrokerRegistrationRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.ClusterId is { } clusterId && request.ClusterId != clusterId)
        {
            // As Kafka's controller: a broker formatted for another cluster never joins this one.
            Log.InconsistentClusterId(_logger, request.BrokerId, request.ClusterId, clusterId);
            return Task.FromResult(new BrokerRegistrationResponse { ErrorCode = (short)ErrorCode.InconsistentClusterId, BrokerEpoch = -1 });
        }
        return RunAsync(image =>
        {
            if (image.Brokers.TryGetValue(request.BrokerId, out var existing) && existing.IncarnationId != request.IncarnationId
                && !existing.Fenced && !IsLocalBroker(request) && !SessionExpired(request.BrokerId))
            {
                return Plan<BrokerRegistrationResponse>.Answer(new() { ErrorCode = (short)ErrorCode.DuplicateBrokerRegistration });
            }
            long epoch = Math.Max(NextOffset(image), (existing?.Epoch ?? -1) + 1);
            var records = new List<MetadataRecord>();
            if (existing is { Fenced: false })
            {
                // A restarted broker comes back fenced: first move its partitions away as fencing would.
                records.AddRange(Records(PartitionChanges.Rebalance(image, new HashSet<int> { request.BrokerId }, _options.UncleanLeaderElectionEnable)));
            }
            records.Add(MetadataRecord.Latest(ToRecord(request, epoch)));
            return new Plan<BrokerRegistrationResponse>(records, _ =>
            {
                Touch(request.BrokerId);
                Log.Registered(_logger, request.BrokerId, epoch);
                return new BrokerRegistrationResponse { BrokerEpoch = epoch };
            });
        }, (code, _) => new BrokerRegistrationResponse { ErrorCode = (short)code, BrokerEpoch = -1 }, cancellationToken);
    }

    /// <summary>Keeps a broker's session, unfences it once caught up, and drives its controlled shutdown.</summary>
    public Task<BrokerHeartbeatResponse> BrokerHeartbeatAsync(BrokerHeartbeatRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(image =>
        {
            if (!image.Brokers.TryGetValue(request.BrokerId, out var broker) || broker.Epoch != request.BrokerEpoch)
            {
                return Plan<BrokerHeartbeatResponse>.Answer(new() { ErrorCode = (short)ErrorCode.StaleBrokerEpoch, IsFenced = true });
            }
            Touch(request.BrokerId);
            bool caughtUp = request.CurrentMetadataOffset >= broker.Epoch;
            var records = new List<MetadataRecord>();
            bool fenced = broker.Fenced;
            bool shutDown = false;
            var self = new HashSet<int> { broker.Id };
            if (request.WantShutDown)
            {
                if (!broker.InControlledShutdown && !broker.Fenced)
                {
                    records.Add(MetadataRecord.Latest(new BrokerRegistrationChangeRecord { BrokerId = broker.Id, BrokerEpoch = broker.Epoch, InControlledShutdown = 1 }));
                }
                records.AddRange(Records(PartitionChanges.Rebalance(image, self, _options.UncleanLeaderElectionEnable)));
                // Done once it leads nothing: the rebalance above moves every leadership it can.
                shutDown = broker.Fenced || !StillLeads(image, records, broker.Id);
                if (shutDown && !broker.Fenced)
                {
                    records.Add(MetadataRecord.Latest(new FenceBrokerRecord { Id = broker.Id, Epoch = broker.Epoch }));
                    fenced = true;
                }
            }
            else if (request.WantFence && !broker.Fenced)
            {
                records.AddRange(Fence(image, broker));
                fenced = true;
            }
            else if (!request.WantFence && broker.Fenced && caughtUp && !broker.InControlledShutdown)
            {
                records.Add(MetadataRecord.Latest(new UnfenceBrokerRecord { Id = broker.Id, Epoch = broker.Epoch }));
                // Partitions with no leader whose ISR holds this broker can now be led.
                var unfenced = image with { Brokers = image.Brokers.SetItem(broker.Id, broker with { Fenced = false }) };
                records.AddRange(Records(PartitionChanges.Rebalance(unfenced, new HashSet<int>(), _options.UncleanLeaderElectionEnable)));
                fenced = false;
            }
            var response = new BrokerHeartbeatResponse { IsCaughtUp = caughtUp, IsFenced = fenced, ShouldShutDown = shutDown };
            return new Plan<BrokerHeartbeatResponse>(records, _ => response);
        }, (code, _) => new BrokerHeartbeatResponse { ErrorCode = (short)code, IsFenced = true }, cancellationToken);
    }

    /// <summary>Fences every unfenced broker whose last heartbeat is older than broker.session.timeout.ms.</summary>
    public Task CheckSessionsAsync(CancellationToken cancellationToken = default) => CheckSessionsAsync(_time.GetTimestamp(), cancellationToken);

    // Sessions are judged as of 'now', the time the check was asked for: a check that waited (for the operation gate,
    // or in a paused process) must not fence brokers for the time it spent waiting.
    private Task CheckSessionsAsync(long now, CancellationToken cancellationToken) =>
        RunAsync(image =>
        {
            var expired = image.Brokers.Values.Where(b => !b.Fenced && SessionExpired(b.Id, now)).ToList();
            var records = new List<MetadataRecord>();
            var leaving = expired.Select(b => b.Id).ToHashSet();
            foreach (var broker in expired)
            {
                Log.Fencing(_logger, broker.Id, "its session expired");
                records.Add(MetadataRecord.Latest(new FenceBrokerRecord { Id = broker.Id, Epoch = broker.Epoch }));
            }
            if (leaving.Count > 0)
            {
                records.InsertRange(0, Records(PartitionChanges.Rebalance(image, leaving, _options.UncleanLeaderElectionEnable)));
            }
            return new Plan<bool>(records, _ => true);
        }, (_, _) => false, cancellationToken);

    /// <summary>Hands out the next block of producer ids to a registered broker.</summary>
    public Task<AllocateProducerIdsResponse> AllocateProducerIdsAsync(AllocateProducerIdsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(image =>
        {
            if (!image.Brokers.TryGetValue(request.BrokerId, out var broker) || broker.Epoch != request.BrokerEpoch)
            {
                return Plan<AllocateProducerIdsResponse>.Answer(new() { ErrorCode = (short)ErrorCode.StaleBrokerEpoch, ProducerIdStart = -1 });
            }
            long start = image.NextProducerId;
            var record = new ProducerIdsRecord { BrokerId = broker.Id, BrokerEpoch = broker.Epoch, NextProducerId = start + _options.ProducerIdBlockSize };
            return new Plan<AllocateProducerIdsResponse>([MetadataRecord.Latest(record)],
                _ => new AllocateProducerIdsResponse { ProducerIdStart = start, ProducerIdLen = _options.ProducerIdBlockSize });
        }, (code, _) => new AllocateProducerIdsResponse { ErrorCode = (short)code, ProducerIdStart = -1 }, cancellationToken);
    }

    private List<MetadataRecord> Fence(MetadataImage image, BrokerRegistration broker)
    {
        var records = Records(PartitionChanges.Rebalance(image, new HashSet<int> { broker.Id }, _options.UncleanLeaderElectionEnable));
        records.Add(MetadataRecord.Latest(new FenceBrokerRecord { Id = broker.Id, Epoch = broker.Epoch }));
        return records;
    }

    private static bool StillLeads(MetadataImage image, List<MetadataRecord> records, int brokerId)
    {
        var moved = records.Select(r => r.Message).OfType<PartitionChangeRecord>()
            .Where(c => c.Leader != PartitionRegistration.NoLeaderChange)
            .Select(c => (c.TopicId, c.PartitionId)).ToHashSet();
        return image.TopicsById.Values.Any(t => t.Partitions.Values.Any(p => p.Leader == brokerId && !moved.Contains((t.Id, p.PartitionId))));
    }

    private void Touch(int brokerId)
    {
        lock (_sessionLock)
        {
            _lastContact[brokerId] = _time.GetTimestamp();
        }
    }

    // The broker of this very process: an older registration of its id is a previous run, killed or crashed.
    private bool IsLocalBroker(BrokerRegistrationRequest request) =>
        request.BrokerId == _options.NodeId && request.IncarnationId == _options.LocalBrokerIncarnation;

    private bool SessionExpired(int brokerId) => SessionExpired(brokerId, _time.GetTimestamp());

    private bool SessionExpired(int brokerId, long now)
    {
        lock (_sessionLock)
        {
            if (!_lastContact.TryGetValue(brokerId, out long last))
            {
                // Registered before this controller took over: its session starts now.
                _lastContact[brokerId] = now;
                return false;
            }
            return _time.GetElapsedTime(last, now).TotalMilliseconds > _options.BrokerSessionTimeoutMs;
        }
    }

    private static RegisterBrokerRecord ToRecord(BrokerRegistrationRequest request, long epoch)
    {
        var record = new RegisterBrokerRecord
        {
            BrokerId = request.BrokerId,
            BrokerEpoch = epoch,
            IncarnationId = request.IncarnationId,
            Rack = request.Rack,
            Fenced = true,
            InControlledShutdown = false,
        };
        foreach (var l in request.Listeners)
        {
            record.EndPoints.Add(new() { Name = l.Name, Host = l.Host, Port = l.Port, SecurityProtocol = l.SecurityProtocol });
        }
        foreach (var f in request.Features)
        {
            record.Features.Add(new() { Name = f.Name, MinSupportedVersion = f.MinSupportedVersion, MaxSupportedVersion = f.MaxSupportedVersion });
        }
        return record;
    }
}
