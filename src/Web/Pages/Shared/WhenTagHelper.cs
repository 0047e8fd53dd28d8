using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>
/// <c>&lt;when at="@moment" /&gt;</c> renders <c>&lt;time datetime="…Z" title="27 Nov 2026, 09:00 UTC"&gt;3 minutes ago&lt;/time&gt;</c>,
/// relative to the app's <see cref="TimeProvider"/>; with <c>absolute</c> the text is the UTC date and the title the relative one.
/// <c>data-utc</c> carries the UTC text for <c>wwwroot/js/local-time.js</c>, which shows the moment in the viewer's time zone.
/// </summary>
[HtmlTargetElement("when", Attributes = "at", TagStructure = TagStructure.WithoutEndTag)]
public sealed class WhenTagHelper(TimeProvider clock) : TagHelper
{
    public DateTimeOffset? At { get; set; }

    public bool Absolute { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (At is not { } at)
        {
            output.TagName = "span";
            output.TagMode = TagMode.StartTagAndEndTag;
            output.Attributes.SetAttribute("class", "muted");
            output.Content.SetContent("never");
            return;
        }

        var relative = RelativeTime.Describe(at, clock.GetUtcNow());
        var absolute = RelativeTime.Absolute(at);
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", RelativeTime.Iso(at));
        output.Attributes.SetAttribute("title", Absolute ? relative : absolute);
        output.Attributes.SetAttribute("data-utc", absolute);
        if (Absolute)
        {
            output.Attributes.SetAttribute("data-absolute", "");
        }

        output.Content.SetContent(Absolute ? absolute : relative);
    }
}
