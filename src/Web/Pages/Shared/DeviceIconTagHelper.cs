using Microsoft.AspNetCore.Razor.TagHelpers;
using TenantSessions.Application.Sessions;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>
/// <c>&lt;device-icon user-agent="@s.UserAgent" /&gt;</c> renders an inline SVG of the device's kind
/// (<see cref="DeviceKinds.Classify"/>): a computer, a phone, a tablet or a question mark, named for screen readers.
/// </summary>
[HtmlTargetElement("device-icon", TagStructure = TagStructure.WithoutEndTag)]
public sealed class DeviceIconTagHelper : TagHelper
{
    public string? UserAgent { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var kind = DeviceKinds.Classify(UserAgent);
        output.TagName = "svg";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "device-icon");
        output.Attributes.SetAttribute("viewBox", "0 0 24 24");
        output.Attributes.SetAttribute("width", "20");
        output.Attributes.SetAttribute("height", "20");
        output.Attributes.SetAttribute("role", "img");
        output.Attributes.SetAttribute("aria-label", DeviceKinds.Describe(kind));
        output.Attributes.SetAttribute("data-testid", "device-kind");
        output.Attributes.SetAttribute("data-kind", kind.ToString().ToLowerInvariant());
        output.Content.SetHtmlContent(kind switch
        {
            DeviceKind.Desktop => """<rect x="3" y="4" width="18" height="12" rx="1.5"/><path d="M8 20h8M12 16v4"/>""",
            DeviceKind.Phone => """<rect x="7" y="2.5" width="10" height="19" rx="2"/><path d="M11 18.5h2"/>""",
            DeviceKind.Tablet => """<rect x="4" y="3" width="16" height="18" rx="2"/><path d="M11 18h2"/>""",
            _ => """<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .8-1 1.5v.7M12 17h.01"/>""",
        });
    }
}
