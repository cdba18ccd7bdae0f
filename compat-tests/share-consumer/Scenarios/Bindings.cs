using System.Runtime.InteropServices;
using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>The bindings themselves, with no broker involved: the native library loads, and share consumers are
/// created, refused and destroyed as rdkafka.h says.</summary>
internal static class Bindings
{
    private const string ExpectedVersion = "2.16.0";

    public static void Run(Checks checks, string bootstrap)
    {
        string version = Marshal.PtrToStringUTF8(LibRdKafka.VersionString()) ?? "";
        checks.Check($"bindings: librdkafka {ExpectedVersion} is loaded", version == ExpectedVersion, $"rd_kafka_version_str: {version}");

        string created;
        try
        {
            using ShareConsumer consumer = ShareConsumer.Create("probe", new Dictionary<string, string>
            {
                ["bootstrap.servers"] = bootstrap,
                ["group.id"] = "share-probe",
                ["share.acknowledgement.mode"] = "explicit",
            });
            created = "created and destroyed";
        }
        catch (ShareConsumerException e)
        {
            created = e.Message;
        }
        checks.Check("bindings: a share consumer with group.id is created and destroyed", created == "created and destroyed", created);

        checks.Check("bindings: a share consumer without group.id is refused",
            Refusal(new Dictionary<string, string> { ["bootstrap.servers"] = bootstrap }) is string noGroup && noGroup.Contains("group.id", StringComparison.Ordinal),
            Refusal(new Dictionary<string, string> { ["bootstrap.servers"] = bootstrap }) ?? "created");
        string? badMode = Refusal(new Dictionary<string, string> { ["group.id"] = "share-probe", ["share.acknowledgement.mode"] = "sometimes" });
        checks.Check("bindings: share.acknowledgement.mode=sometimes is refused", badMode?.Contains("share.acknowledgement.mode", StringComparison.Ordinal) == true, badMode ?? "created");
    }

    /// <summary>The message a refused creation gave, or null if the consumer was created.</summary>
    private static string? Refusal(Dictionary<string, string> properties)
    {
        try
        {
            using ShareConsumer consumer = ShareConsumer.Create("probe", properties);
            return null;
        }
        catch (ShareConsumerException e)
        {
            return e.Message;
        }
    }
}
