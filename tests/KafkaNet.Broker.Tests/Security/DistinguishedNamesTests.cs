using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Security.Tls;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>Subjects written as Java's X500Principal.getName() writes them, the text Kafka's mapping rules see.</summary>
public class DistinguishedNamesTests
{
    [Theory]
    [InlineData("CN=alice, OU=eng, O=acme", "CN=alice,OU=eng,O=acme")]
    [InlineData("CN=broker.example.com, OU=Kafka, O=Acme Inc, L=Paris, S=IDF, C=FR", "CN=broker.example.com,OU=Kafka,O=Acme Inc,L=Paris,ST=IDF,C=FR")]
    [InlineData("CN=\"Smith, John\", O=acme", @"CN=Smith\, John,O=acme")]
    [InlineData("CN=\"a+b\", O=\"x;y<>\"", @"CN=a\+b,O=x\;y\<\>")]
    [InlineData("CN=\" lead and trail \"", @"CN=\ lead and trail\ ")]
    [InlineData("CN=\"#hash\"", @"CN=\#hash")]
    [InlineData("CN=élodie", "CN=élodie")]
    [InlineData("DC=example, DC=com, CN=svc", "DC=example,DC=com,CN=svc")]
    public void Writes_rfc_2253_with_the_most_specific_name_first(string x500, string expected)
    {
        // .NET reads the text with the most specific name first as well, and encodes it last.
        var name = new X500DistinguishedName(x500);

        Assert.Equal(expected, DistinguishedNames.ToRfc2253(name));
    }

    [Fact]
    public void The_name_encoded_last_is_written_first()
    {
        var name = Encode([("2.5.4.6", "FR")], [("2.5.4.10", "acme")], [("2.5.4.3", "alice")]);

        Assert.Equal("CN=alice,O=acme,C=FR", DistinguishedNames.ToRfc2253(name));
    }

    [Fact]
    public void Attributes_without_an_rfc_2253_keyword_are_written_as_oid_and_hex_der()
    {
        // Java writes emailAddress (an IA5String) this way too.
        var name = Encode([("2.5.4.3", "alice")], [("1.2.840.113549.1.9.1", "a@b.c")]);

        Assert.Equal("1.2.840.113549.1.9.1=#16056140622e63,CN=alice", DistinguishedNames.ToRfc2253(name));
    }

    [Fact]
    public void A_multi_valued_name_joins_its_values_with_plus_in_encoded_order()
    {
        // DER sorts a SET's elements: the shorter OU pair is encoded first.
        var name = Encode([("2.5.4.10", "acme")], [("2.5.4.3", "alice"), ("2.5.4.11", "eng")]);

        Assert.Equal("OU=eng+CN=alice,O=acme", DistinguishedNames.ToRfc2253(name));
    }

    /// <summary>A name from its relative names in encoding order (least specific first); e-mail as IA5String, the rest UTF8String.</summary>
    private static X500DistinguishedName Encode(params (string Oid, string Value)[][] relativeNames)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var relativeName in relativeNames)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (oid, value) in relativeName)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            writer.WriteCharacterString(oid == "1.2.840.113549.1.9.1" ? UniversalTagNumber.IA5String : UniversalTagNumber.UTF8String, value);
                        }
                    }
                }
            }
        }
        return new X500DistinguishedName(writer.Encode());
    }
}
