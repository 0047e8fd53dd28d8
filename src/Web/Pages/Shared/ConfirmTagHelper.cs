using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TenantSessions.Web.Pages.Shared;

/// <summary>
/// <c>&lt;form confirm="Model.Prompt"&gt;</c> writes the prompt's words as <c>data-confirm-*</c> attributes, which
/// <c>wwwroot/js/confirm.js</c> puts into the page's <c>&lt;dialog&gt;</c> before the form is sent. Without JavaScript
/// the attributes do nothing and the server asks instead.
/// </summary>
[HtmlTargetElement("form", Attributes = "confirm")]
public sealed class ConfirmTagHelper : TagHelper
{
    public ConfirmPrompt? Confirm { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Confirm is not { } prompt)
        {
            return;
        }

        output.Attributes.SetAttribute("data-confirm", prompt.Title);
        output.Attributes.SetAttribute("data-confirm-impact", prompt.Impact);
        output.Attributes.SetAttribute("data-confirm-button", prompt.Button);
        if (prompt.QuoteField is { } field)
        {
            output.Attributes.SetAttribute("data-confirm-quote", field);
            output.Attributes.SetAttribute("data-confirm-quote-label", prompt.QuoteLabel ?? "");
        }
    }
}
