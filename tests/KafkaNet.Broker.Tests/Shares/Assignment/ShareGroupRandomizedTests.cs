using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.Assignment.AssignmentText;

namespace KafkaNet.Broker.Tests.Shares.Assignment;

/// <summary>Seeded runs of joins, leaves, subscription and topic changes, checking the assignment after each step.</summary>
public sealed class ShareGroupRandomizedTests
{
    private const int Steps = 300;
    private static readonly string[] TopicNames = ["a", "b", "c"];

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    public void Every_step_leaves_a_complete_subscribed_and_balanced_assignment(int seed, bool sameSubscriptions)
    {
        var random = new Random(seed);
        var group = new ShareGroup("g", new ShareGroupConfig { MaxSize = 12 });
        var partitionCounts = new Dictionary<string, int> { ["a"] = 3, ["b"] = 1, ["c"] = 6 };
        group.UpdateTopics(partitionCounts.Select(kv => Topic(kv.Key, kv.Value)));
        var nextMember = 0;
        long now = 0;

        for (var step = 0; step < Steps; step++)
        {
            now += 1000;
            var epochBefore = group.GroupEpoch;
            switch (random.Next(6))
            {
                case 0 or 1:
                    var expected = group.Members.Count < group.Config.MaxSize ? ErrorCode.None : ErrorCode.GroupMaxSizeReached;
                    Assert.Equal(expected, Join(group, $"m{nextMember++}", Subscription(random, sameSubscriptions), now).Error);
                    break;
                case 2 when group.Members.Count > 0:
                    var leaver = group.Members.ElementAt(random.Next(group.Members.Count));
                    Assert.Equal(-1, group.Heartbeat(new ShareGroupHeartbeat(leaver.MemberId, -1, null, null), now).MemberEpoch);
                    break;
                case 3 when group.Members.Count > 0 && !sameSubscriptions:
                    var changer = group.Members.ElementAt(random.Next(group.Members.Count));
                    group.Heartbeat(new ShareGroupHeartbeat(changer.MemberId, changer.MemberEpoch, null, Subscription(random, false)), now);
                    break;
                case 4:
                    var grown = TopicNames[random.Next(TopicNames.Length)];
                    partitionCounts[grown] = Math.Min(partitionCounts[grown] + random.Next(1, 3), 10);
                    group.UpdateTopics(partitionCounts.Select(kv => Topic(kv.Key, kv.Value)));
                    break;
                case 5 when group.Members.Count > 0:
                    // Everyone but one heartbeats; that one is then past its session and fenced.
                    var silent = group.Members.ElementAt(random.Next(group.Members.Count)).MemberId;
                    foreach (var m in group.Members.Where(m => m.MemberId != silent).ToList())
                        group.Heartbeat(new ShareGroupHeartbeat(m.MemberId, m.MemberEpoch, null, null), now + 45_000);
                    now += 45_000;
                    Assert.Equal([silent], group.ExpireSessions(now));
                    break;
            }
            Assert.True(group.GroupEpoch >= epochBefore);
            HeartbeatEveryone(group, now);
            CheckInvariants(group, partitionCounts, sameSubscriptions, $"seed {seed} step {step}");
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Any_current_assignment_gives_a_balanced_complete_one(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var topics = new[] { Topic("a", random.Next(1, 8)), Topic("b", random.Next(1, 5)) };
            var members = Enumerable.Range(0, random.Next(1, 15)).Select(i => Member($"m{i}", "a", "b")).ToArray();
            var all = topics.SelectMany(t => Enumerable.Range(0, t.PartitionCount + 1).Select(p => new ShareTopicPartition(t.TopicId, p))).ToList();
            // Arbitrary holdings, including partitions that no longer exist and members that left.
            var current = members.Append(Member("gone"))
                .ToDictionary(m => m.MemberId, m => (IReadOnlySet<ShareTopicPartition>)all.Where(_ => random.Next(3) == 0).ToHashSet());

            var assignment = SimpleShareAssignor.Assign(members, topics, current);

            var sizes = assignment.Values.Select(p => p.Count).ToList();
            var sharing = SharingOf(assignment);
            var partitions = topics.Sum(t => t.PartitionCount);
            var perPartition = (members.Length + partitions - 1) / partitions;
            Assert.True(sizes.Max() - sizes.Min() <= 1, $"seed {seed} round {round}: sizes {string.Join(",", sizes)}");
            Assert.Equal(partitions, sharing.Count);
            Assert.All(sharing.Values, held => Assert.Equal(perPartition, held));
            Assert.Equal(members.Length, assignment.Count);
        }
    }

    private static ShareGroupHeartbeatAnswer Join(ShareGroup group, string memberId, string[] topics, long now) =>
        group.Heartbeat(new ShareGroupHeartbeat(memberId, 0, null, topics), now);

    private static string[] Subscription(Random random, bool sameSubscriptions)
    {
        if (sameSubscriptions)
            return ["a", "b", "c"];
        var picked = TopicNames.Where(_ => random.Next(2) == 0).ToArray();
        return picked.Length > 0 ? picked : [TopicNames[random.Next(TopicNames.Length)]];
    }

    private static void HeartbeatEveryone(ShareGroup group, long now)
    {
        foreach (var member in group.Members.ToList())
        {
            var answer = group.Heartbeat(new ShareGroupHeartbeat(member.MemberId, member.MemberEpoch, null, null), now);
            Assert.Equal(ErrorCode.None, answer.Error);
            Assert.Equal(group.AssignmentEpoch, answer.MemberEpoch);
        }
    }

    private static void CheckInvariants(ShareGroup group, Dictionary<string, int> partitionCounts, bool sameSubscriptions, string where)
    {
        var holders = new Dictionary<ShareTopicPartition, int>();
        foreach (var member in group.Members)
        {
            Assert.True(member.AssignedPartitions.SetEquals(group.TargetAssignmentOf(member.MemberId)), where);
            var subscribed = member.SubscribedTopicNames.Select(TopicId).ToHashSet();
            Assert.All(member.AssignedPartitions, tp => Assert.Contains(tp.TopicId, subscribed));
            foreach (var tp in member.AssignedPartitions)
                holders[tp] = holders.GetValueOrDefault(tp) + 1;
        }

        foreach (var (topic, count) in partitionCounts)
        {
            var subscribers = group.Members.Count(m => m.SubscribedTopicNames.Contains(topic));
            // Alike subscriptions pool every partition; otherwise each topic is shared among its own subscribers.
            var pooled = sameSubscriptions ? partitionCounts.Values.Sum() : count;
            var sharing = (subscribers + pooled - 1) / pooled;
            for (var p = 0; p < count; p++)
            {
                var held = holders.GetValueOrDefault(Tp(topic, p));
                var expected = subscribers == 0 ? held == 0 : sameSubscriptions ? held == sharing : held >= 1 && held <= sharing;
                Assert.True(expected, $"{where}: {topic}-{p} held by {held} of {subscribers}");
            }
        }

        if (sameSubscriptions && group.Members.Count > 0)
        {
            var sizes = group.Members.Select(m => m.AssignedPartitions.Count).ToList();
            Assert.True(sizes.Max() - sizes.Min() <= 1, $"{where}: sizes {string.Join(",", sizes)}");
            Assert.All(group.Members, m => Assert.NotEmpty(m.AssignedPartitions));
        }
    }
}
