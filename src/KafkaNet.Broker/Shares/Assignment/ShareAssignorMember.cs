namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>A member as the assignor sees it: its id and the topic names it subscribes to.</summary>
public sealed record ShareAssignorMember(string MemberId, IReadOnlyCollection<string> SubscribedTopicNames);
