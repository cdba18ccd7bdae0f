using KafkaNet.Cluster.Network;

namespace KafkaNet.Cluster.Node;

/// <summary>Where the active controller is: in this process, at a controller listener, or not known yet.</summary>
public interface IControllerLocator
{
    /// <summary>This process's quorum member is the active controller.</summary>
    bool IsLocalLeader { get; }

    /// <summary>The active controller's controller listener when it is another node; null while unknown.</summary>
    NodeAddress? ActiveController { get; }

    /// <summary>The controller at <paramref name="controller"/> did not answer as the active one.</summary>
    void Forget(NodeAddress controller);
}
