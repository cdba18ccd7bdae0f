using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Cluster.Controller;
using KafkaNet.Cluster.Controller.Handlers;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Controller;

public sealed class ControllerHandlerTests
{
    private static async Task<IKafkaMessage?> CallAsync(IApiHandler handler, KafkaBroker broker, IKafkaMessage request, short version)
    {
        var header = new RequestHeader { RequestApiKey = handler.ApiKey, RequestApiVersion = version, ClientId = "test" };
        return await handler.HandleAsync(new RequestContext(broker, header, "c1"), request, CancellationToken.None);
    }

    [Fact]
    public async Task Broker_facing_handlers_answer_through_the_controller()
    {
        var root = TempDirectory();
        try
        {
            using var broker = new KafkaBroker(new BrokerOptions { DataDirectory = root });
            using var h = new ControllerHarness();
            var registered = (BrokerRegistrationResponse?)await CallAsync(new BrokerRegistrationHandler(h.Controller), broker, ControllerHarness.Registration(1), 3);
            Assert.Equal(0, registered!.ErrorCode);
            var beat = (BrokerHeartbeatResponse?)await CallAsync(new BrokerHeartbeatHandler(h.Controller), broker,
                new BrokerHeartbeatRequest { BrokerId = 1, BrokerEpoch = registered.BrokerEpoch, CurrentMetadataOffset = h.Image.LastAppliedOffset }, 1);
            Assert.False(beat!.IsFenced);
            var ids = (AllocateProducerIdsResponse?)await CallAsync(new AllocateProducerIdsHandler(h.Controller), broker,
                new AllocateProducerIdsRequest { BrokerId = 1, BrokerEpoch = registered.BrokerEpoch }, 0);
            Assert.Equal(1000, ids!.ProducerIdLen);
            var alter = (AlterPartitionResponse?)await CallAsync(new AlterPartitionHandler(h.Controller), broker,
                new AlterPartitionRequest { BrokerId = 1, BrokerEpoch = registered.BrokerEpoch - 1 }, 3);
            Assert.Equal((short)ErrorCode.StaleBrokerEpoch, alter!.ErrorCode);
            Assert.Equal(
                [BrokerRegistrationRequest.ApiKey, BrokerHeartbeatRequest.ApiKey, AlterPartitionRequest.ApiKey, AllocateProducerIdsRequest.ApiKey],
                new IApiHandler[] { new BrokerRegistrationHandler(h.Controller), new BrokerHeartbeatHandler(h.Controller), new AlterPartitionHandler(h.Controller), new AllocateProducerIdsHandler(h.Controller) }.Select(x => x.ApiKey));
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    [Fact]
    public void Options_come_from_the_broker_settings()
    {
        var broker = new BrokerOptions { NumPartitions = 3, DefaultReplicationFactor = 2 };
        broker.Cluster.NodeId = 7;
        broker.Cluster.BrokerSessionTimeoutMs = 1234;
        broker.Cluster.UncleanLeaderElectionEnable = true;
        broker.TopicConfigDefaults["retention.ms"] = "10";
        var options = QuorumControllerOptions.From(broker);
        Assert.Equal((7, 3, (short)2, 1234, true), (options.NodeId, options.NumPartitions, options.DefaultReplicationFactor, options.BrokerSessionTimeoutMs, options.UncleanLeaderElectionEnable));
        Assert.Equal("10", options.TopicConfigDefaults["retention.ms"]);
        Assert.Equal(1000, options.ProducerIdBlockSize);
    }
}
