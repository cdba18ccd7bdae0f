namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>The state of a KIP-848 group, named as ListGroups and ConsumerGroupDescribe show it.</summary>
public enum ConsumerGroupState
{
    /// <summary>No members.</summary>
    Empty,

    /// <summary>The group epoch moved past the target assignment's: a new assignment is due.</summary>
    Assigning,

    /// <summary>Some member has not reached the target assignment yet.</summary>
    Reconciling,

    /// <summary>Every member owns its target assignment at the target epoch.</summary>
    Stable,

    /// <summary>Deleted.</summary>
    Dead,
}
