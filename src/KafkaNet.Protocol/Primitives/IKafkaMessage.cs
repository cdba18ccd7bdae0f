namespace KafkaNet.Protocol;

/// <summary>A generated message or struct that encodes itself for a given version.</summary>
public interface IKafkaMessage
{
    /// <summary>Encodes into exactly <see cref="Size"/> bytes.</summary>
    void Write(ref KafkaWriter writer, short version);

    /// <summary>The number of bytes <see cref="Write"/> produces for this version.</summary>
    int Size(short version);
}

/// <summary>A generated message that can also decode itself.</summary>
public interface IKafkaMessage<TSelf> : IKafkaMessage
    where TSelf : IKafkaMessage<TSelf>
{
    static abstract TSelf Read(ref KafkaReader reader, short version);
}
