namespace KafkaNet.Storage.Producers;

/// <summary>Who appends: the producer state checks sequences only for clients.</summary>
public enum AppendOrigin
{
    /// <summary>A client's produce request: epoch, sequence and transaction checks all apply.</summary>
    Client,

    /// <summary>A coordinator writing its own records (transactional offset commits carry no sequence).</summary>
    Coordinator,

    /// <summary>A follower copying the leader's log: nothing is refused, the state only follows.</summary>
    Replication,
}
