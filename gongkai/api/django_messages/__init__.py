"""Keep Django's own Chinese messages ahead of Django REST framework's.

An installed app's translations take precedence over Django's core catalog, so installing DRF
would change the portal forms' messages where both translate the same text (for example "This
field is required." would read “该字段是必填项。” instead of Django's “这个字段是必填项。”). This
app points at Django's core locale directory and is listed just before ``rest_framework``: the
contrib apps still win over the core catalog as before, the core catalog wins over DRF, and DRF
still translates its own messages.
"""
