using KafkaNet.Broker.Topics;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>Probes for topic and config administration, log dirs and cluster descriptions.</summary>
internal static partial class VersionProbes
{
    static partial void AddAdminProbes(Dictionary<short, VersionProbe> probes)
    {
        probes[CreateTopicsRequest.ApiKey] = AdminProbeSet.CreateTopicsProbe;
        probes[DeleteTopicsRequest.ApiKey] = AdminProbeSet.DeleteTopicsProbe;
        probes[CreatePartitionsRequest.ApiKey] = AdminProbeSet.CreatePartitionsProbe;
        probes[DescribeConfigsRequest.ApiKey] = AdminProbeSet.DescribeConfigsProbe;
        probes[AlterConfigsRequest.ApiKey] = AdminProbeSet.AlterConfigsProbe;
        probes[IncrementalAlterConfigsRequest.ApiKey] = AdminProbeSet.IncrementalAlterConfigsProbe;
        probes[DescribeLogDirsRequest.ApiKey] = AdminProbeSet.DescribeLogDirsProbe;
        probes[DescribeClusterRequest.ApiKey] = AdminProbeSet.DescribeClusterProbe;
        probes[DescribeTopicPartitionsRequest.ApiKey] = AdminProbeSet.DescribeTopicPartitionsProbe;
        probes[AlterPartitionReassignmentsRequest.ApiKey] = ReassignmentProbes.AlterPartitionReassignmentsProbe;
        probes[ListPartitionReassignmentsRequest.ApiKey] = ReassignmentProbes.ListPartitionReassignmentsProbe;
        probes[ElectLeadersRequest.ApiKey] = ElectLeadersProbes.ElectLeadersProbe;
        probes[DescribeQuorumRequest.ApiKey] = QuorumProbes.DescribeQuorumProbe;
        probes[AddRaftVoterRequest.ApiKey] = QuorumProbes.AddRaftVoterProbe;
        probes[RemoveRaftVoterRequest.ApiKey] = QuorumProbes.RemoveRaftVoterProbe;
    }

    private static class AdminProbeSet
    {
        private const sbyte TopicResource = 2;
        private const sbyte DynamicTopicConfig = 1;
        private const sbyte ListConfigType = 7;

        /// <summary>A new topic of the probe's own, created directly in the registry.</summary>
        internal static TopicInfo CreateTopic(ProbeContext context, string prefix, short version, int partitions, params KeyValuePair<string, string?>[] configs)
        {
            string name = context.UniqueName(prefix, version);
            var result = context.Kafka.CreateTopic(new TopicSpec(name, partitions, 1, configs));
            Assert.False(result.Error.IsError, $"creating {name}: {result.Error}");
            return context.Kafka.Broker.Topics.Find(name)!;
        }

        internal static async Task CreateTopicsProbe(ProbeContext context, short version)
        {
            string name = context.UniqueName("create", version);
            var response = await context.SendAsync<CreateTopicsResponse>(CreateTopicsRequest.ApiKey, version, new CreateTopicsRequest
            {
                Topics = [new() { Name = name, NumPartitions = 2, ReplicationFactor = 1, Configs = [new() { Name = "retention.ms", Value = "3600000" }] }],
                TimeoutMs = 5000,
            });

            ProbeContext.AssertNoErrors(response);
            var created = context.Kafka.Broker.Topics.Find(name);
            Assert.NotNull(created);
            Assert.Equal(2, created.PartitionCount);
            Assert.Equal("3600000", created.Configs["retention.ms"]);
            var answered = Assert.Single(response.Topics);
            Assert.Equal(name, answered.Name);
            if (version >= 5)
            {
                Assert.Equal((2, (short)1), (answered.NumPartitions, answered.ReplicationFactor));
                Assert.NotNull(answered.Configs);
                Assert.Contains(answered.Configs, c => c.Name == "retention.ms" && c.Value == "3600000");
            }
            if (version >= 7)
            {
                Assert.Equal(created.TopicId, answered.TopicId);
            }
        }

        internal static async Task DeleteTopicsProbe(ProbeContext context, short version)
        {
            var topic = CreateTopic(context, "delete", version, 1);
            var request = new DeleteTopicsRequest { TimeoutMs = 5000 };
            if (version >= 6)
            {
                request.Topics = [new() { TopicId = topic.TopicId }];
            }
            else
            {
                request.TopicNames = [topic.Name];
            }

            var response = await context.SendAsync<DeleteTopicsResponse>(DeleteTopicsRequest.ApiKey, version, request);

            ProbeContext.AssertNoErrors(response);
            Assert.Null(context.Kafka.Broker.Topics.Find(topic.Name));
            var deleted = Assert.Single(response.Responses);
            Assert.Equal(topic.Name, deleted.Name);
            if (version >= 6)
            {
                Assert.Equal(topic.TopicId, deleted.TopicId);
            }
        }

        internal static async Task CreatePartitionsProbe(ProbeContext context, short version)
        {
            var topic = CreateTopic(context, "grow", version, 1);

            var response = await context.SendAsync<CreatePartitionsResponse>(CreatePartitionsRequest.ApiKey, version, new CreatePartitionsRequest
            {
                Topics = [new() { Name = topic.Name, Count = 3, Assignments = null }],
                TimeoutMs = 5000,
                ValidateOnly = false,
            });

            ProbeContext.AssertNoErrors(response);
            Assert.Equal(topic.Name, Assert.Single(response.Results).Name);
            Assert.Equal(3, context.Kafka.Broker.Topics.Find(topic.Name)!.PartitionCount);
            Assert.NotNull(context.Kafka.Broker.Replicas!.Find(topic.Name, 2));
        }

        internal static async Task DescribeConfigsProbe(ProbeContext context, short version)
        {
            var topic = CreateTopic(context, "describe-configs", version, 1, KeyValuePair.Create("cleanup.policy", (string?)"compact"));

            var response = await context.SendAsync<DescribeConfigsResponse>(DescribeConfigsRequest.ApiKey, version, new DescribeConfigsRequest
            {
                Resources = [new() { ResourceType = TopicResource, ResourceName = topic.Name, ConfigurationKeys = ["cleanup.policy"] }],
                IncludeSynonyms = version >= 1,
                IncludeDocumentation = version >= 3,
            });

            ProbeContext.AssertNoErrors(response);
            var result = Assert.Single(response.Results);
            Assert.Equal((TopicResource, topic.Name), (result.ResourceType, result.ResourceName));
            var config = Assert.Single(result.Configs);
            Assert.Equal(("cleanup.policy", "compact"), (config.Name, config.Value));
            if (version == 0)
            {
                Assert.False(config.IsDefault);
            }
            else
            {
                Assert.Equal(DynamicTopicConfig, config.ConfigSource);
                Assert.Contains(config.Synonyms, s => s.Source == DynamicTopicConfig && s.Value == "compact");
            }
            if (version >= 3)
            {
                Assert.Equal(ListConfigType, config.ConfigType); // documentation is not served (a stated deviation)
            }
        }

        internal static async Task AlterConfigsProbe(ProbeContext context, short version)
        {
            var topic = CreateTopic(context, "alter-configs", version, 1);

            var response = await context.SendAsync<AlterConfigsResponse>(AlterConfigsRequest.ApiKey, version, new AlterConfigsRequest
            {
                Resources = [new() { ResourceType = TopicResource, ResourceName = topic.Name, Configs = [new() { Name = "retention.ms", Value = "12345" }] }],
                ValidateOnly = false,
            });

            ProbeContext.AssertNoErrors(response);
            Assert.Equal(topic.Name, Assert.Single(response.Responses).ResourceName);
            Assert.Equal("12345", context.Kafka.Broker.Topics.Find(topic.Name)!.Configs["retention.ms"]);
        }

        internal static async Task IncrementalAlterConfigsProbe(ProbeContext context, short version)
        {
            var topic = CreateTopic(context, "incremental", version, 1, KeyValuePair.Create("cleanup.policy", (string?)"compact"));

            var response = await context.SendAsync<IncrementalAlterConfigsResponse>(IncrementalAlterConfigsRequest.ApiKey, version, new IncrementalAlterConfigsRequest
            {
                Resources =
                [
                    new()
                    {
                        ResourceType = TopicResource,
                        ResourceName = topic.Name,
                        Configs = [new() { Name = "retention.ms", ConfigOperation = 0, Value = "54321" }, new() { Name = "cleanup.policy", ConfigOperation = 1 }],
                    },
                ],
                ValidateOnly = false,
            });

            ProbeContext.AssertNoErrors(response);
            Assert.Equal(topic.Name, Assert.Single(response.Responses).ResourceName);
            var configs = context.Kafka.Broker.Topics.Find(topic.Name)!.Configs;
            Assert.Equal("54321", configs["retention.ms"]);
            Assert.False(configs.ContainsKey("cleanup.policy"), "the deleted override is still set");
        }

        internal static async Task DescribeLogDirsProbe(ProbeContext context, short version)
        {
            var topic = CreateTopic(context, "log-dirs", version, 2);

            var response = await context.SendAsync<DescribeLogDirsResponse>(DescribeLogDirsRequest.ApiKey, version, new DescribeLogDirsRequest
            {
                Topics = [new() { Topic = topic.Name, Partitions = [0, 1] }],
            });

            ProbeContext.AssertNoErrors(response);
            var dir = Assert.Single(response.Results);
            Assert.Equal(Path.GetFullPath(context.Kafka.Broker.Options.DataDirectory), dir.LogDir);
            var described = Assert.Single(dir.Topics);
            Assert.Equal(topic.Name, described.Name);
            Assert.Equal([0, 1], described.Partitions.Select(p => p.PartitionIndex).Order());
            if (version >= 4)
            {
                Assert.True(dir.TotalBytes > 0 && dir.UsableBytes >= 0, $"total {dir.TotalBytes}, usable {dir.UsableBytes}");
            }
        }

        internal static async Task DescribeClusterProbe(ProbeContext context, short version)
        {
            var response = await context.SendAsync<DescribeClusterResponse>(DescribeClusterRequest.ApiKey, version, new DescribeClusterRequest
            {
                IncludeClusterAuthorizedOperations = false,
                EndpointType = 1,
                IncludeFencedBrokers = version >= 2,
            });

            ProbeContext.AssertNoErrors(response);
            Assert.False(string.IsNullOrEmpty(response.ClusterId));
            var broker = Assert.Single(response.Brokers);
            int nodeId = context.Kafka.Broker.Options.NodeId;
            Assert.Equal((nodeId, "127.0.0.1", context.Port), (broker.BrokerId, broker.Host, broker.Port));
            Assert.False(broker.IsFenced);
            if (version >= 1)
            {
                Assert.Equal(1, response.EndpointType);
            }
        }

        internal static async Task DescribeTopicPartitionsProbe(ProbeContext context, short version)
        {
            var topic = CreateTopic(context, "topic-partitions", version, 3);

            var response = await context.SendAsync<DescribeTopicPartitionsResponse>(DescribeTopicPartitionsRequest.ApiKey, version, new DescribeTopicPartitionsRequest
            {
                Topics = [new() { Name = topic.Name }],
                ResponsePartitionLimit = 2000,
            });

            ProbeContext.AssertNoErrors(response);
            var described = Assert.Single(response.Topics);
            Assert.Equal((topic.Name, topic.TopicId, false), (described.Name, described.TopicId, described.IsInternal));
            int nodeId = context.Kafka.Broker.Options.NodeId;
            Assert.Equal([0, 1, 2], described.Partitions.Select(p => p.PartitionIndex));
            Assert.All(described.Partitions, p =>
            {
                Assert.Equal(nodeId, p.LeaderId);
                Assert.Equal([nodeId], p.ReplicaNodes);
                Assert.Equal([nodeId], p.IsrNodes);
            });
            Assert.Null(response.NextCursor);
        }
    }
}
