using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.InterBroker;

/// <summary>
/// A populated request and response of each inter-broker API at a given version: every field the version has
/// carries a value other than its default, and fields the version lacks keep their defaults.
/// </summary>
internal static class InterBrokerMessages
{
    private static readonly Guid TopicId = Guid.Parse("5b2e8c1a-7f34-4d0e-9a61-0c3b2d4e5f60");
    private static readonly Guid Incarnation = Guid.Parse("0e1d2c3b-4a59-6877-8695-a4b3c2d1e0ff");
    private static readonly Guid LogDir = Guid.Parse("11111111-2222-3333-4444-555555555555");

    public static IKafkaMessage Request(short apiKey, short version) => apiKey switch
    {
        56 => AlterPartitionRequest(version),
        58 => new EnvelopeRequest
        {
            RequestData = new byte[] { 0, 3, 0, 12, 0, 0, 0, 7 },
            RequestPrincipal = new byte[] { 1, 2, 3 },
            ClientHostAddress = new byte[] { 127, 0, 0, 1 },
        },
        62 => BrokerRegistrationRequest(version),
        63 => new BrokerHeartbeatRequest
        {
            BrokerId = 4,
            BrokerEpoch = 77,
            CurrentMetadataOffset = 12345,
            WantFence = true,
            WantShutDown = true,
            OfflineLogDirs = version >= 1 ? [LogDir] : [],
        },
        67 => new AllocateProducerIdsRequest { BrokerId = 2, BrokerEpoch = 41 },
        70 => new ControllerRegistrationRequest
        {
            ControllerId = 3000,
            IncarnationId = Incarnation,
            ZkMigrationReady = true,
            Listeners = [new ControllerRegistrationRequest.Listener { Name = "CONTROLLER", Host = "c1", Port = 9093, SecurityProtocol = 1 }],
            Features = [new ControllerRegistrationRequest.Feature { Name = "kraft.version", MinSupportedVersion = 0, MaxSupportedVersion = 1 }],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(apiKey)),
    };

    public static IKafkaMessage Response(short apiKey, short version) => apiKey switch
    {
        56 => AlterPartitionResponse(version),
        58 => new EnvelopeResponse { ResponseData = new byte[] { 0, 0, 0, 9, 0 }, ErrorCode = 41 },
        62 => new BrokerRegistrationResponse { ThrottleTimeMs = 5, ErrorCode = 101, BrokerEpoch = 88 },
        63 => new BrokerHeartbeatResponse { ThrottleTimeMs = 6, ErrorCode = 102, IsCaughtUp = true, IsFenced = false, ShouldShutDown = true },
        67 => new AllocateProducerIdsResponse { ThrottleTimeMs = 7, ErrorCode = 0, ProducerIdStart = 5000, ProducerIdLen = 1000 },
        70 => new ControllerRegistrationResponse { ThrottleTimeMs = 8, ErrorCode = 35, ErrorMessage = "not the active controller" },
        _ => throw new ArgumentOutOfRangeException(nameof(apiKey)),
    };

    private static AlterPartitionRequest AlterPartitionRequest(short version) => new()
    {
        BrokerId = 2,
        BrokerEpoch = 19,
        Topics =
        [
            new AlterPartitionRequest.TopicData
            {
                TopicName = version <= 1 ? "orders" : "",
                TopicId = version >= 2 ? TopicId : Guid.Empty,
                Partitions =
                [
                    new AlterPartitionRequest.PartitionData
                    {
                        PartitionIndex = 3,
                        LeaderEpoch = 9,
                        NewIsr = version <= 2 ? [1, 2, 3] : [],
                        NewIsrWithEpochs = version >= 3
                            ? [new AlterPartitionRequest.BrokerState { BrokerId = 1, BrokerEpoch = 10 }, new AlterPartitionRequest.BrokerState { BrokerId = 2, BrokerEpoch = 19 }]
                            : [],
                        LeaderRecoveryState = version >= 1 ? (sbyte)1 : (sbyte)0,
                        PartitionEpoch = 14,
                    },
                ],
            },
        ],
    };

    private static AlterPartitionResponse AlterPartitionResponse(short version) => new()
    {
        ThrottleTimeMs = 1,
        ErrorCode = 0,
        Topics =
        [
            new AlterPartitionResponse.TopicData
            {
                TopicName = version <= 1 ? "orders" : "",
                TopicId = version >= 2 ? TopicId : Guid.Empty,
                Partitions =
                [
                    new AlterPartitionResponse.PartitionData
                    {
                        PartitionIndex = 3,
                        ErrorCode = 120,
                        LeaderId = 2,
                        LeaderEpoch = 9,
                        Isr = [2, 3],
                        LeaderRecoveryState = version >= 1 ? (sbyte)1 : (sbyte)0,
                        PartitionEpoch = 15,
                    },
                ],
            },
        ],
    };

    private static BrokerRegistrationRequest BrokerRegistrationRequest(short version) => new()
    {
        BrokerId = 4,
        ClusterId = "MkU3OEVBNTcwNTJENDM2Qk",
        IncarnationId = Incarnation,
        Listeners =
        [
            new BrokerRegistrationRequest.Listener { Name = "PLAINTEXT", Host = "b4", Port = 9092, SecurityProtocol = 0 },
            new BrokerRegistrationRequest.Listener { Name = "SSL", Host = "b4", Port = 9094, SecurityProtocol = 1 },
        ],
        Features = [new BrokerRegistrationRequest.Feature { Name = "metadata.version", MinSupportedVersion = 7, MaxSupportedVersion = 27 }],
        Rack = "rack-a",
        IsMigratingZkBroker = version >= 1,
        LogDirs = version >= 2 ? [LogDir] : [],
        PreviousBrokerEpoch = version >= 3 ? 76 : -1,
    };
}
