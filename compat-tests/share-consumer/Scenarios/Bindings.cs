using System.Net.Sockets;
using System.Runtime.InteropServices;
using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>The bindings themselves, before any share API reaches the broker: the native library loads, and a
/// share consumer is created, answers a poll before subscribing as rdkafka.h says, and is destroyed.</summary>
internal static class Bindings
{
    private const string ExpectedVersion = "2.16.0";

    public static void Run(Checks checks, string bootstrap)
    {
        string version = Marshal.PtrToStringUTF8(LibRdKafka.VersionString()) ?? "";
        checks.Check($"bindings: librdkafka {ExpectedVersion} is loaded", version == ExpectedVersion, $"rd_kafka_version_str: {version}, from {LibRdKafkaLoader.LoadedFrom}");

        string created;
        string polled = "not polled";
        try
        {
            using ShareConsumer consumer = ShareConsumer.Create("probe", new Dictionary<string, string>
            {
                ["bootstrap.servers"] = bootstrap,
                ["group.id"] = "share-probe",
                ["share.acknowledgement.mode"] = "explicit",
            });
            ShareBatch batch = consumer.Poll(TimeSpan.FromSeconds(1));
            polled = $"{batch.Records.Count} records, error {batch.Error?.ToString() ?? "none"}";
            created = "created and destroyed";
        }
        catch (ShareConsumerException e)
        {
            created = e.Message;
        }
        checks.Check("bindings: a share consumer is created and destroyed", created == "created and destroyed", created);
        checks.Check("bindings: rd_kafka_share_poll before subscribing returns _STATE", polled.Contains("error _STATE:", StringComparison.Ordinal), polled);
    }

    /// <summary>Whether the broker serves version 1 of each share API librdkafka sends; says what it advertised.</summary>
    public static async Task<bool> BrokerServesShareApisAsync(Checks checks, string bootstrap)
    {
        string seen;
        bool served;
        try
        {
            var versions = await ApiVersionsProbe.QueryAsync(bootstrap);
            served = ApiVersionsProbe.ShareApis.Keys.All(key => versions.TryGetValue(key, out var range) && range.Min <= 1 && range.Max >= 1);
            seen = string.Join(", ", ApiVersionsProbe.ShareApis.Select(api =>
                versions.TryGetValue(api.Key, out var range) ? $"{api.Value} v{range.Min}-v{range.Max}" : $"{api.Value} absent"));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidOperationException)
        {
            served = false;
            seen = "ApiVersions failed: " + e.Message;
        }
        checks.Check("broker: ApiVersions advertises ShareGroupHeartbeat, ShareFetch and ShareAcknowledge v1", served, seen);
        return served;
    }
}
