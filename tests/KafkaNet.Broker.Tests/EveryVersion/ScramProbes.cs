using KafkaNet.Broker.Security.Scram;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>AlterUserScramCredentials writes a credential through the controller; DescribeUserScramCredentials reads it back.</summary>
internal static class ScramProbes
{
    public static async Task AlterUserScramCredentialsProbe(ProbeContext context, short version)
    {
        string user = context.UniqueName("scram-alter", version);

        var response = await UpsertAsync(context, version, user);

        var result = Assert.Single(response.Results);
        Assert.Equal((user, (short)0, (string?)null), (result.User, result.ErrorCode, result.ErrorMessage));
        Assert.Equal(8192, context.Kafka.Broker.Image.FindScramCredential(user, ScramMechanism.Sha256.Type)?.Iterations);
    }

    public static async Task DescribeUserScramCredentialsProbe(ProbeContext context, short version)
    {
        string user = context.UniqueName("scram-describe", version);
        await UpsertAsync(context, 0, user);

        var response = await context.SendAsync<DescribeUserScramCredentialsResponse>(DescribeUserScramCredentialsRequest.ApiKey, version,
            new DescribeUserScramCredentialsRequest { Users = [new() { Name = user }] });

        Assert.Equal(0, response.ErrorCode);
        var result = Assert.Single(response.Results);
        Assert.Equal((user, (short)0), (result.User, result.ErrorCode));
        var info = Assert.Single(result.CredentialInfos);
        Assert.Equal((ScramMechanism.Sha256.Type, 8192), (info.Mechanism, info.Iterations));
    }

    private static Task<AlterUserScramCredentialsResponse> UpsertAsync(ProbeContext context, short version, string user)
    {
        byte[] salt = "probe-salt"u8.ToArray();
        var request = new AlterUserScramCredentialsRequest();
        request.Upsertions.Add(new()
        {
            Name = user,
            Mechanism = ScramMechanism.Sha256.Type,
            Iterations = 8192,
            Salt = salt,
            SaltedPassword = ScramFormulas.SaltedPassword(ScramMechanism.Sha256, "probe-secret", salt, 8192),
        });
        return context.SendAsync<AlterUserScramCredentialsResponse>(AlterUserScramCredentialsRequest.ApiKey, version, request);
    }
}
