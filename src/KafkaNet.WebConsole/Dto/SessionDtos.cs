namespace KafkaNet.WebConsole.Dto;

/// <summary>
/// Who the console acts as: whether the broker requires sign-in, whether this browser is signed in, the principal its
/// requests carry (User:ANONYMOUS without sign-in), whether an authorizer checks them, and the sign-in mechanisms.
/// </summary>
internal sealed record SessionDto(bool SignInRequired, bool SignedIn, string? Principal, bool AuthorizerEnabled, List<string> Mechanisms, string Message);

/// <summary>A sign-in: a user name and password of the broker's SASL listeners.</summary>
internal sealed record SignInDto(string? UserName, string? Password);
