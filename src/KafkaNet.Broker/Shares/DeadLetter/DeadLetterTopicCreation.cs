using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Topics;

namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>
/// Creates a missing dead-letter topic (errors.deadletterqueue.auto.create.topics.enable) with the broker's default
/// partitions and replicas, and with errors.deadletterqueue.group.enable=true so the group may use it. The write that
/// asked for it is tried again once the topic exists.
/// </summary>
internal static class DeadLetterTopicCreation
{
    private static readonly KeyValuePair<string, string>[] Configs = [new(DeadLetterConfigs.GroupEnable, "true")];

    public static void Start(KafkaBroker broker, string name)
    {
        if (broker.Controller is not null)
        {
            ControllerForwarding.CreateTopicInBackground(broker, name, Configs);
            return;
        }
        // A concurrent creation answers TOPIC_ALREADY_EXISTS; any other refusal shows on the next attempt's check.
        var spec = new TopicSpec(name, broker.Options.NumPartitions, broker.Options.DefaultReplicationFactor,
            [new KeyValuePair<string, string?>(DeadLetterConfigs.GroupEnable, "true")]);
        broker.Topics.Create(spec, validateOnly: false);
    }
}
