namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// Stores made once by Java 17's keytool (EC P-256 keys, certificates valid for 100 years), kept as fixed bytes: what
/// a Kafka user's files look like. Store passwords are "changeit"; KeyPassKeystore's key has "key-secret".
/// </summary>
internal static class KeytoolStores
{
    /// <summary>keytool -genkeypair -storetype JKS -alias server -dname CN=jks-fixture.</summary>
    public const string Keystore =
        "/u3+7QAAAAIAAAABAAAAAQAGc2VydmVyAAABokQ5FNUAAAB/MH0wDgYKKwYBBAEqAhEBAQUABGvOKZ19ZkPp88SKb+Pcq0cldX+vWD+1uc+1xi37"
        + "t980TrupCHBklHB2VNv//VBc3Pi6hTUYevbatqVW7kScv9iXUEQ8gXKbGHOP8jRfjM72nx0mIDhIvlar5SxMSrMgOImNZfLJMP8V7tAgIgAAAAEA"
        + "BVguNTA5AAABSTCCAUUwgeugAwIBAgIIUVH/672R0zswCgYIKoZIzj0EAwIwFjEUMBIGA1UEAxMLamtzLWZpeHR1cmUwIBcNMjYxMjA1MDMyMjAx"
        + "WhgPMjEyNjExMTEwMzIyMDFaMBYxFDASBgNVBAMTC2prcy1maXh0dXJlMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE0llU06CpJdlOBlkonuOV"
        + "W2kwI/QnRp/f9Vh0R7XoOLzafgcpGzU2WEITZFU+xLC3hvyWmYa/nnwfpZb4eZVoqKMhMB8wHQYDVR0OBBYEFGAhXesoNRV2TmWXp0QtJLZuxk+S"
        + "MAoGCCqGSM49BAMCA0kAMEYCIQDO9FE1Z2F2xgzjK15Csy2PKLXMRT3E72P0zMZ/5NFX+wIhAO/nGV1DUipo4ZMZ1gTMKn6HCLSUVZ0hcVlslLPB"
        + "ZoU7DA2L8Vg3CH6LPCCs/349evk3nx4=";

    /// <summary>As <see cref="Keystore"/>, CN=jks-keypass, the key protected with "key-secret".</summary>
    public const string KeyPassKeystore =
        "/u3+7QAAAAIAAAABAAAAAQAGc2VydmVyAAABokQ5F+kAAAB/MH0wDgYKKwYBBAEqAhEBAQUABGsz6pZCAx4ppbZvDh8rg0DOpgDsC+XmuMZ4MzGb"
        + "Zmu/zAKTGzcdExa9wpyILWROnScWIDc2ek3iigySGZHAifn1LBtPZEXB7i4BDHhnnqL9sSy5vs+2+EbWUg64B3TNUer7mji0uf/UNAEMHQAAAAEA"
        + "BVguNTA5AAABSDCCAUQwgeugAwIBAgIIZk5o9Q/sHMgwCgYIKoZIzj0EAwIwFjEUMBIGA1UEAxMLamtzLWtleXBhc3MwIBcNMjYxMjA1MDMyMjAx"
        + "WhgPMjEyNjExMTEwMzIyMDFaMBYxFDASBgNVBAMTC2prcy1rZXlwYXNzMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/r40pH30ECLFPfEam3t4"
        + "j4rW9Ws2F0guIOf9i20fNFmN9BRE3Ac2sdY1qUHGA7dbsRItdeSM71DD+35UlEUaH6MhMB8wHQYDVR0OBBYEFC8wp7ZGsRrxCK/PYFEOj7ORpHXH"
        + "MAoGCCqGSM49BAMCA0gAMEUCIQCc3LqrIFIdk4p9cP8dUSg1zjfZEEyRkEmzzz5X7ce6IAIgKjJ83F5I7sWsZ9YP54Ka06cskiezTgbT4L0E2sqE"
        + "kl9fN2zM9WxifVLQ0Bo2NJcH1wt55g==";

    /// <summary>keytool -importcert -storetype JKS -alias ca of <see cref="Certificate"/>.</summary>
    public const string Truststore =
        "/u3+7QAAAAIAAAABAAAAAgACY2EAAAGiRDkd2AAFWC41MDkAAAFJMIIBRTCB66ADAgECAghRUf/rvZHTOzAKBggqhkjOPQQDAjAWMRQwEgYDVQQD"
        + "Ewtqa3MtZml4dHVyZTAgFw0yNjEyMDUwMzIyMDFaGA8yMTI2MTExMTAzMjIwMVowFjEUMBIGA1UEAxMLamtzLWZpeHR1cmUwWTATBgcqhkjOPQIB"
        + "BggqhkjOPQMBBwNCAATSWVTToKkl2U4GWSie45VbaTAj9CdGn9/1WHRHteg4vNp+BykbNTZYQhNkVT7EsLeG/JaZhr+efB+llvh5lWiooyEwHzAd"
        + "BgNVHQ4EFgQUYCFd6yg1FXZOZZenRC0ktm7GT5IwCgYIKoZIzj0EAwIDSQAwRgIhAM70UTVnYXbGDOMrXkKzLY8otcxFPcTvY/TMxn/k0Vf7AiEA"
        + "7+cZXUNSKmjhkxnWBMwqfocItJRVnSFxWWyUs8FmhTs0uJYhBde5SfDj9UnKBCuzqPliZw==";

    /// <summary>The creation time <see cref="Truststore"/>'s entry carries (milliseconds since 1970, big-endian).</summary>
    public const string TruststoreEntryTime = "000001A244391DD8";

    /// <summary>The same import into a JCEKS store.</summary>
    public const string JceksTruststore =
        "zs7OzgAAAAIAAAABAAAAAgACY2EAAAGiRDklVgAFWC41MDkAAAFJMIIBRTCB66ADAgECAghRUf/rvZHTOzAKBggqhkjOPQQDAjAWMRQwEgYDVQQD"
        + "Ewtqa3MtZml4dHVyZTAgFw0yNjEyMDUwMzIyMDFaGA8yMTI2MTExMTAzMjIwMVowFjEUMBIGA1UEAxMLamtzLWZpeHR1cmUwWTATBgcqhkjOPQIB"
        + "BggqhkjOPQMBBwNCAATSWVTToKkl2U4GWSie45VbaTAj9CdGn9/1WHRHteg4vNp+BykbNTZYQhNkVT7EsLeG/JaZhr+efB+llvh5lWiooyEwHzAd"
        + "BgNVHQ4EFgQUYCFd6yg1FXZOZZenRC0ktm7GT5IwCgYIKoZIzj0EAwIDSQAwRgIhAM70UTVnYXbGDOMrXkKzLY8otcxFPcTvY/TMxn/k0Vf7AiEA"
        + "7+cZXUNSKmjhkxnWBMwqfocItJRVnSFxWWyUs8FmhTsMCWw3aOAopBtINvsse/2G9CjSfg==";

    /// <summary>keytool -genkeypair -storetype JCEKS, CN=jceks-fixture: its key is protected with PBEWithMD5AndTripleDES (200000 iterations).</summary>
    public const string JceksKeystore =
        "zs7OzgAAAAIAAAABAAAAAQAGc2VydmVyAAABokQ5IVoAAABqMGgwHAYJKwYBBAEqAhMBMA8ECOiyDPjYVLUuAgMDDUAESNA5uNvSUqhWsUQCgm0S"
        + "pSg2NEkQD2SvAiBPGiIKbVTjk5+mYkPsE8avAfHrrFxRtnqXEk2MnCghqFpUd5FJDk7NBmehDQI66wAAAAEABVguNTA5AAABSzCCAUcwge+gAwIB"
        + "AgIIQCDoGXiBBuEwCgYIKoZIzj0EAwIwGDEWMBQGA1UEAxMNamNla3MtZml4dHVyZTAgFw0yNjEyMDUwMzIyMDRaGA8yMTI2MTExMTAzMjIwNFow"
        + "GDEWMBQGA1UEAxMNamNla3MtZml4dHVyZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABLDm2DOwlJ6C9ocKx9+VF0cCyeNCL99yCrZblbG9ekc8"
        + "ESBEv8ez4lUCGTIcGtNhPDzpZD/n3W886qsr4XIgIc+jITAfMB0GA1UdDgQWBBQYCJrQPC0tFj/RFQgNzElx3Mlh7TAKBggqhkjOPQQDAgNHADBE"
        + "AiAVVpCIq/EKLW5b8lfCfBEBqg1vBZxKn8d1TR0vYET4PwIgMsELIbgncEK7eY7N5pv78Dz5o5d9/AW/l2x1FWFKj87TOBYZj/UN0CAcLHDuFsOr"
        + "aON66A==";

    /// <summary>keytool -genkeypair -storetype PKCS12, CN=p12-fixture.</summary>
    public const string Pkcs12Keystore =
        "MIID8AIBAzCCA5oGCSqGSIb3DQEHAaCCA4sEggOHMIIDgzCCASoGCSqGSIb3DQEHAaCCARsEggEXMIIBEzCCAQ8GCyqGSIb3DQEMCgECoIG9MIG6"
        + "MGYGCSqGSIb3DQEFDTBZMDgGCSqGSIb3DQEFDDArBBRcQgWTaL4b+isGG26mxRkKxVrsDQICJxACASAwDAYIKoZIhvcNAgkFADAdBglghkgBZQME"
        + "ASoEEPFVtUcAZ0lDGe6iTun6Va8EUEdVirma7OS27SyynYgtxl7GyepFVTHUUATslbqM+mDKi0yl59vnN4lWhzRl1figADwKjJwvlExN2ZuL/6Lf"
        + "12z+yFD3uKHO+PTUkQeJiDoGMUAwGwYJKoZIhvcNAQkUMQ4eDABzAGUAcgB2AGUAcjAhBgkqhkiG9w0BCRUxFAQSVGltZSAxNzk2NDQwOTI2NTQw"
        + "MIICUQYJKoZIhvcNAQcGoIICQjCCAj4CAQAwggI3BgkqhkiG9w0BBwEwZgYJKoZIhvcNAQUNMFkwOAYJKoZIhvcNAQUMMCsEFIBTgtDoY1XR9oMv"
        + "FdqtNj3RPYB9AgInEAIBIDAMBggqhkiG9w0CCQUAMB0GCWCGSAFlAwQBKgQQtig4DK4QGf7vj2VevZmOcoCCAcAuA0pzpgg6acaKUliRoUgCrkIR"
        + "ufl/NFGhUyfpe87YKYY+OIvJ4X8VqJIBJCpAwjhXUXMg+DczpkFndqSOZjOHnqhOa/0dl37aNFRoArQzdDcz9vQL+aTaFSHvHghb9WAvN5WsFmh+"
        + "qk5fj2gP5xgpfftisAoSlSfrsmPlaHM78AsrlqFeOtIFO6Z0OjK6gQveWFF/OU26L1QbFnIW6NO1goo82U/xYSE3KOJ2ykK75QOPK1aSbAACDvrT"
        + "1GiunZiygfk6ziZWW/Ju2PzVFLuOt/uAYGRnLb4qaPyISkIrlFwASM7ItvOsSopnSM/CT3LPcCHw4Xzgc0sVfm6TM9fquKX1rn+8fH14u/vNs8OQ"
        + "DWr2zLupgUYH3DjXJF/TcQZUUP6BBwdT6f8JZxS8P95v9N4xv3Rr5Lm8ZZE6jAh7225JuI4i5lSXHz6baE9Kr43BOe7ie3J/cuSjh6ZDyC+3LvOT"
        + "AHM7oeRz7vnMDVbdJ0L6McCuoK6dL4rV62FnPxqnles03fMD+btPJUGQonpkA3TOUBZ8584KqJoOeYyaIgAV31dRxH2hVbSOAyyEDoabRJsk+Vkh"
        + "6CLCc0EH38FhME0wMTANBglghkgBZQMEAgEFAAQg1HlMuDAFr5NgxYXElltcAsQ6ZgD+XTCQfm07pGW4OqEEFJseve1wHs7Y4/nLDo65Mk4DnQo0"
        + "AgInEA==";

    /// <summary>The certificate of <see cref="Keystore"/>, DER (CN=jks-fixture).</summary>
    public const string Certificate =
        "MIIBRTCB66ADAgECAghRUf/rvZHTOzAKBggqhkjOPQQDAjAWMRQwEgYDVQQDEwtqa3MtZml4dHVyZTAgFw0yNjEyMDUwMzIyMDFaGA8yMTI2MTEx"
        + "MTAzMjIwMVowFjEUMBIGA1UEAxMLamtzLWZpeHR1cmUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATSWVTToKkl2U4GWSie45VbaTAj9CdGn9/1"
        + "WHRHteg4vNp+BykbNTZYQhNkVT7EsLeG/JaZhr+efB+llvh5lWiooyEwHzAdBgNVHQ4EFgQUYCFd6yg1FXZOZZenRC0ktm7GT5IwCgYIKoZIzj0E"
        + "AwIDSQAwRgIhAM70UTVnYXbGDOMrXkKzLY8otcxFPcTvY/TMxn/k0Vf7AiEA7+cZXUNSKmjhkxnWBMwqfocItJRVnSFxWWyUs8FmhTs=";
}
