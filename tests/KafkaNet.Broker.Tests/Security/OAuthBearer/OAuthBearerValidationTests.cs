using System.Text;
using KafkaNet.Broker.Security.OAuthBearer;

namespace KafkaNet.Broker.Tests.Security.OAuthBearer;

/// <summary>The client message grammar, the unsecured validator's time and scope rules, and JWKS file rotation, without a broker.</summary>
public sealed class OAuthBearerValidationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("kafkanet-jwks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Client_message_gives_token_authorization_id_and_extensions()
    {
        var response = OAuthBearerClientResponse.TryParse(Encoding.UTF8.GetBytes("n,a=alice,\u0001host=broker\u0001auth=bearer  abc.def.ghi\u0001traceId=x y\u0001\u0001"));

        Assert.NotNull(response);
        Assert.Equal(("alice", "abc.def.ghi"), (response.AuthorizationId, response.Token));
        Assert.Equal(new Dictionary<string, string> { ["host"] = "broker", ["traceId"] = "x y" }, response.Extensions);
    }

    [Theory]
    [InlineData("n,,\u0001auth=Bearer t\u0001auth=Bearer u\u0001\u0001")] // a key twice
    [InlineData("n,,\u0001host=x\u0001\u0001")] // no auth
    [InlineData("n,a=al,ice,\u0001auth=Bearer t\u0001\u0001")] // a comma not escaped as =2C
    [InlineData("n,,\u0001auth=Bearer t\u0001")] // no final separator
    [InlineData("n,,\u0001auth=Bearer t t\u0001\u0001")] // space inside the token
    [InlineData("n,,\u00011x=y\u0001auth=Bearer t\u0001\u0001")] // a key that is not letters
    public void Malformed_client_messages_are_not_parsed(string message) =>
        Assert.Null(OAuthBearerClientResponse.TryParse(Encoding.UTF8.GetBytes(message)));

    [Fact]
    public void Unsecured_token_is_accepted_within_the_clock_skew()
    {
        var validator = new UnsecuredJwtValidator(new FixedTime(Now)) { AllowableClockSkew = TimeSpan.FromSeconds(10), PrincipalClaimName = "user" };
        long now = Now.ToUnixTimeSeconds();

        var issuedAhead = validator.Validate(TestTokens.Unsecured(new { user = "alice", iat = now + 5, exp = now + 3600, scope = new[] { "a", "b" } }));
        var expiredWithinSkew = validator.Validate(TestTokens.Unsecured(new { user = "alice", exp = now - 5, scope = "c" }));
        var pastSkew = validator.Validate(TestTokens.Unsecured(new { user = "alice", exp = now - 10 }));

        Assert.Equal(("alice", Now.AddHours(1)), (issuedAhead.Token?.PrincipalName, issuedAhead.Token?.Expiry));
        Assert.Equal(["a", "b"], issuedAhead.Token!.Scope);
        Assert.Equal(["c"], expiredWithinSkew.Token?.Scope);
        Assert.Equal("invalid_token", pastSkew.ErrorStatus);
    }

    [Theory]
    [InlineData("{\"sub\":\"alice\",\"iat\":1893456011,\"exp\":1893459600}", "The Issued At value is after the current time plus allowable clock skew")]
    [InlineData("{\"sub\":\"alice\",\"iat\":1893456005,\"exp\":1893456005}", "The Expiration Time is not after the Issued At time")]
    [InlineData("{\"sub\":\"alice\"}", "Required claim missing or not a number: exp")]
    [InlineData("{\"sub\":7,\"exp\":1893459600}", "Required claim missing or not a string: sub")]
    [InlineData("{\"sub\":\"alice\",\"exp\":\"soon\"}", "Required claim missing or not a number: exp")]
    [InlineData("{\"sub\":\"alice\",\"exp\":1893459600,\"scope\":3}", "Claim scope is neither a string nor a list of strings")]
    public void Unsecured_token_with_bad_claims_is_invalid(string claims, string reason)
    {
        var validator = new UnsecuredJwtValidator(new FixedTime(Now)) { AllowableClockSkew = TimeSpan.FromSeconds(10) };
        string token = "eyJhbGciOiJub25lIn0." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims)) + ".";

        var result = validator.Validate(token);

        Assert.Equal(("invalid_token", reason), (result.ErrorStatus, result.Reason));
        Assert.Equal("{\"status\":\"invalid_token\"}", result.ErrorJson());
    }

    [Fact]
    public void Jwks_file_is_read_again_when_it_changes()
    {
        using var first = new TestTokens(_directory);
        var validator = new JwksValidator(new JwksFile(first.JwksPath));
        using var second = new TestTokens(Directory.CreateDirectory(Path.Combine(_directory, "next")).FullName);
        string signedBySecond = second.Sign("alice", TimeSpan.FromHours(1));
        Assert.Equal("invalid_token", validator.Validate(signedBySecond).ErrorStatus);

        File.Copy(second.JwksPath, first.JwksPath, overwrite: true);
        File.SetLastWriteTimeUtc(first.JwksPath, DateTime.UtcNow.AddSeconds(1));

        Assert.Equal("alice", validator.Validate(signedBySecond).Token?.PrincipalName);
        Assert.Equal("invalid_token", validator.Validate(first.Sign("alice", TimeSpan.FromHours(1))).ErrorStatus);
    }

    [Fact]
    public void Half_written_jwks_file_keeps_the_last_good_keys()
    {
        using var issuer = new TestTokens(_directory);
        var validator = new JwksValidator(new JwksFile(issuer.JwksPath));

        File.WriteAllText(issuer.JwksPath, "{\"keys\":[{\"kty\":");

        Assert.Equal("bob", validator.Validate(issuer.Sign("bob", TimeSpan.FromHours(1))).Token?.PrincipalName);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
