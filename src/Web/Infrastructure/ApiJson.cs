using System.Text.Json;
using System.Text.Json.Serialization;

namespace TenantSessions.Web.Infrastructure;

/// <summary>The API's JSON settings on top of ASP.NET Core's web defaults: enum names in camel case, JavaScript dates.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        JavaScriptDateConverters.AddTo(options);
    }
}
