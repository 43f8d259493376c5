package io.satchel.renderer.render;

import io.satchel.renderer.olx.OlxCourseReader;
import io.satchel.renderer.olx.SecureXml;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.w3c.dom.Node;

/**
 * A CAPA problem as an offline form: multiple choice (radio), checkboxes, dropdown, numerical and text inputs with
 * their labels, descriptions, images and math. What would reveal the answer is never copied: {@code correct}
 * attributes, answer attributes, solutions, hints, answer scripts and the markdown source. Submit stores the answers
 * in localStorage and hands them to the host app ({@code window.SatchelBridge}, Android {@code window.Android}, iOS
 * {@code webkit.messageHandlers.satchel}) to send when online — grading happens in the LMS.
 */
public final class ProblemPage implements BlockPageRenderer {
    /** Elements that carry answers, feedback that reveals them, or server-side code. */
    private static final Set<String> DROP = Set.of("solution", "choicehint", "hint", "hintgroup", "demandhint",
            "correcthint", "stringequalhint", "optionhint", "numericalhint", "formulahint", "additional_answer",
            "responseparam", "answer", "script", "explanation", "compoundhint", "booleanhint", "hintpart",
            "hintfn", "tolerance", "customhint");
    private static final Set<String> RESPONSES = Set.of("multiplechoiceresponse", "choiceresponse",
            "optionresponse", "numericalresponse", "stringresponse", "formularesponse");
    private static final Set<String> ONLINE_ONLY = Set.of("customresponse", "symbolicresponse", "imageresponse",
            "schematicresponse", "coderesponse", "annotationresponse", "choicetextresponse", "javascriptresponse",
            "externalresponse", "jsinput", "truefalseresponse", "drag_and_drop_input");
    private static final Pattern MATHJAX_TAG = Pattern.compile("\\[mathjax(inline)?\\](.*?)\\[/mathjax(inline)?\\]",
            Pattern.DOTALL);
    private static final Pattern OPTION_LIST = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'");

    private int responseIndex;
    private int inputIndex;

    @Override
    public void render(PageBuilder page, org.w3c.dom.Element def, Document doc) {
        responseIndex = 0;
        Element main = PageTemplate.main(doc);
        Element form = main.appendElement("form").attr("id", "satchel-problem").addClass("satchel-problem")
                .attr("novalidate", true).attr("data-block-id", page.block().blockId())
                .attr("data-course-id", page.ctx().courseId());
        copyChildren(page, def, form);
        new AssetLocalizer(page).localizeHtml(form, "index.html", "");
        form.appendElement("button").attr("type", "submit").addClass("satchel-submit").text("Submit");
        form.appendElement("p").addClass("satchel-status").attr("role", "status").attr("aria-live", "polite");
        main.appendElement("script").appendChild(new DataNode(SUBMIT_SCRIPT));
    }

    private void copyChildren(PageBuilder page, Node src, Element out) {
        for (Node n = src.getFirstChild(); n != null; n = n.getNextSibling()) {
            copy(page, n, out);
        }
    }

    private void copy(PageBuilder page, Node n, Element out) {
        if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
            out.appendText(mathTags(n.getNodeValue()));
            return;
        }
        if (!(n instanceof org.w3c.dom.Element e)) {
            return;
        }
        String name = e.getTagName().toLowerCase(Locale.ROOT);
        if (DROP.contains(name)) {
            return;
        }
        if (RESPONSES.contains(name)) {
            response(page, e, out);
        } else if (ONLINE_ONLY.contains(name)) {
            Element notice = out.appendElement("div").addClass("satchel-notice").attr("role", "note");
            notice.appendText("This part of the problem can only be answered online. ");
            notice.appendElement("a").attr("href", page.ctx().onlineBlockUrl(page.block().blockId()))
                    .text("Open it in the online course");
        } else if (name.equals("label")) {
            copyChildren(page, e, out.appendElement("p").addClass("satchel-question"));
        } else if (name.equals("description")) {
            copyChildren(page, e, out.appendElement("p").addClass("satchel-description"));
        } else if (name.equals("text") || name.equals("problem") || name.equals("startouttext")
                || name.equals("endouttext")) {
            copyChildren(page, e, out);
        } else {
            Element copy = out.appendElement(name);
            var attrs = e.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Node a = attrs.item(i);
                String an = a.getNodeName().toLowerCase(Locale.ROOT);
                if (!an.equals("correct") && !an.equals("answer")) {
                    copy.attr(a.getNodeName(), a.getNodeValue());
                }
            }
            copyChildren(page, e, copy);
        }
    }

    private void response(PageBuilder page, org.w3c.dom.Element response, Element out) {
        int r = responseIndex++;
        inputIndex = 0;
        String type = response.getTagName();
        Element fieldset = out.appendElement("fieldset").addClass("satchel-response").attr("data-response", type);
        Element legend = null;
        List<String> descriptionIds = new ArrayList<>();
        for (org.w3c.dom.Element child : OlxCourseReader.childElementsOf(response)) {
            String name = child.getTagName().toLowerCase(Locale.ROOT);
            if (name.equals("label") && legend == null) {
                legend = fieldset.appendElement("legend").addClass("satchel-question");
                copyChildren(page, child, legend);
            } else if (name.equals("description")) {
                String id = "d" + r + "_" + descriptionIds.size();
                descriptionIds.add(id);
                copyChildren(page, child, fieldset.appendElement("p").addClass("satchel-description").attr("id", id));
            } else if (name.equals("choicegroup") || name.equals("checkboxgroup")) {
                choices(page, child, fieldset, r, name.equals("checkboxgroup") ? "checkbox" : "radio", legend);
            } else if (name.equals("optioninput")) {
                dropdown(page, child, fieldset, r, legend);
            } else if (name.equals("textline") || name.equals("formulaequationinput")) {
                textInput(child, fieldset, r, type.equals("numericalresponse") || type.equals("formularesponse"),
                        legend);
            } else {
                copy(page, child, fieldset);
            }
        }
        if (legend == null) {
            fieldset.prependElement("legend").addClass("satchel-visually-hidden").text("Question " + (r + 1));
        }
        if (!descriptionIds.isEmpty()) {
            fieldset.attr("aria-describedby", String.join(" ", descriptionIds));
        }
    }

    private void choices(PageBuilder page, org.w3c.dom.Element group, Element fieldset, int r, String inputType,
            Element legend) {
        if (legend == null && OlxCourseReader.attr(group, "label") != null) {
            fieldset.appendElement("legend").addClass("satchel-question").text(OlxCourseReader.attr(group, "label"));
        }
        String name = "r" + r + "_" + inputIndex++;
        int i = 0;
        for (org.w3c.dom.Element choice : OlxCourseReader.childElementsOf(group)) {
            if (!choice.getTagName().equals("choice")) {
                continue;
            }
            String id = name + "_" + i;
            Element label = fieldset.appendElement("label").addClass("satchel-choice").attr("for", id);
            label.appendElement("input").attr("type", inputType).attr("id", id).attr("name", name)
                    .attr("value", "choice_" + i);
            label.appendText(" ");
            copyChildren(page, choice, label.appendElement("span"));
            i++;
        }
    }

    private void dropdown(PageBuilder page, org.w3c.dom.Element input, Element fieldset, int r, Element legend) {
        String id = "r" + r + "_" + inputIndex++;
        String label = OlxCourseReader.attr(input, "label");
        fieldset.appendElement("label").attr("for", id).addClass("satchel-question")
                .text(label != null ? label : legend != null ? "Your answer" : "Choose an option");
        Element select = fieldset.appendElement("select").attr("id", id).attr("name", id);
        select.appendElement("option").attr("value", "").text("Select an option");
        List<org.w3c.dom.Element> options = OlxCourseReader.childElementsOf(input).stream()
                .filter(o -> o.getTagName().equals("option")).toList();
        if (!options.isEmpty()) {
            for (org.w3c.dom.Element o : options) {
                String text = textWithoutHints(o);
                select.appendElement("option").attr("value", text).text(text);
            }
        } else {
            Matcher m = OPTION_LIST.matcher(input.getAttribute("options"));
            while (m.find()) {
                String text = m.group(1).replace("\\'", "'");
                select.appendElement("option").attr("value", text).text(text);
            }
        }
    }

    private void textInput(org.w3c.dom.Element input, Element fieldset, int r, boolean numeric, Element legend) {
        String id = "r" + r + "_" + inputIndex++;
        String label = OlxCourseReader.attr(input, "label");
        fieldset.appendElement("label").attr("for", id).addClass("satchel-question")
                .text(label != null ? label : "Your answer");
        Element field = fieldset.appendElement("input").attr("type", "text").attr("id", id).attr("name", id)
                .attr("autocomplete", "off");
        if (numeric) {
            field.attr("inputmode", "decimal");
        }
        if (OlxCourseReader.attr(input, "size") != null) {
            field.attr("size", input.getAttribute("size"));
        }
    }

    private static String textWithoutHints(org.w3c.dom.Element e) {
        StringBuilder sb = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                sb.append(n.getNodeValue());
            }
        }
        return sb.toString().trim();
    }

    /** CAPA's [mathjax]…[/mathjax] and [mathjaxinline]…[/mathjaxinline] → MathJax delimiters. */
    static String mathTags(String text) {
        if (!text.contains("[mathjax")) {
            return text;
        }
        return MATHJAX_TAG.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) != null ? "\\(" + m.group(2) + "\\)" : "\\[" + m.group(2) + "\\]"));
    }

    private static final String SUBMIT_SCRIPT = """
            (function () {
              var form = document.getElementById('satchel-problem');
              var status = form.querySelector('.satchel-status');
              var key = 'satchel:answers:' + form.getAttribute('data-block-id');
              function collect() {
                var answers = {};
                for (var i = 0; i < form.elements.length; i++) {
                  var el = form.elements[i];
                  if (!el.name) { continue; }
                  if (el.type === 'checkbox') {
                    answers[el.name] = answers[el.name] || [];
                    if (el.checked) { answers[el.name].push(el.value); }
                  } else if (el.type === 'radio') {
                    if (el.checked) { answers[el.name] = el.value; }
                  } else {
                    answers[el.name] = el.value;
                  }
                }
                return answers;
              }
              function restore() {
                var saved = null;
                try { saved = JSON.parse(window.localStorage.getItem(key) || 'null'); } catch (e) { saved = null; }
                if (!saved || !saved.answers) { return; }
                for (var i = 0; i < form.elements.length; i++) {
                  var el = form.elements[i];
                  var value = saved.answers[el.name];
                  if (value === undefined) { continue; }
                  if (el.type === 'checkbox') { el.checked = value.indexOf(el.value) >= 0; }
                  else if (el.type === 'radio') { el.checked = value === el.value; }
                  else { el.value = value; }
                }
                status.textContent = 'Your saved answer is shown.';
              }
              form.addEventListener('submit', function (event) {
                event.preventDefault();
                var message = {type: 'satchel.problem.submit', courseId: form.getAttribute('data-course-id'),
                  blockId: form.getAttribute('data-block-id'), answers: collect(), submittedAt: new Date().toISOString()};
                var json = JSON.stringify(message);
                try { window.localStorage.setItem(key, json); } catch (e) { /* storage may be disabled */ }
                var handed = false;
                try { if (window.SatchelBridge && typeof window.SatchelBridge.postMessage === 'function') { window.SatchelBridge.postMessage(json); handed = true; } } catch (e) { }
                try { if (window.Android && typeof window.Android.postMessage === 'function') { window.Android.postMessage(json); handed = true; } } catch (e) { }
                try { if (window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.satchel) { window.webkit.messageHandlers.satchel.postMessage(message); handed = true; } } catch (e) { }
                status.textContent = handed ? 'Answer saved. The app sends it when you are online.'
                  : 'Answer saved on this device.';
              });
              restore();
            })();
            """;
}
