using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>SaslHandshake and SaslAuthenticate on a PLAINTEXT listener: ILLEGAL_SASL_STATE, as Kafka answers them there.</summary>
internal static partial class VersionProbes
{
    static partial void AddSaslProbes(Dictionary<short, VersionProbe> probes)
    {
        probes[SaslHandshakeRequest.ApiKey] = SaslHandshakeProbe;
        probes[SaslAuthenticateRequest.ApiKey] = SaslAuthenticateProbe;
        probes[AlterUserScramCredentialsRequest.ApiKey] = ScramProbes.AlterUserScramCredentialsProbe;
        probes[DescribeUserScramCredentialsRequest.ApiKey] = ScramProbes.DescribeUserScramCredentialsProbe;
    }

    private static async Task SaslHandshakeProbe(ProbeContext context, short version)
    {
        var response = await context.SendAsync<SaslHandshakeResponse>(SaslHandshakeRequest.ApiKey, version, new SaslHandshakeRequest { Mechanism = "PLAIN" });

        Assert.Equal((short)ErrorCode.IllegalSaslState, response.ErrorCode);
        Assert.Empty(response.Mechanisms);
    }

    private static async Task SaslAuthenticateProbe(ProbeContext context, short version)
    {
        var response = await context.SendAsync<SaslAuthenticateResponse>(SaslAuthenticateRequest.ApiKey, version, new SaslAuthenticateRequest { AuthBytes = "\0a\0b"u8.ToArray() });

        Assert.Equal((short)ErrorCode.IllegalSaslState, response.ErrorCode);
        Assert.Equal("SaslAuthenticate request received after successful authentication", response.ErrorMessage);
    }
}
