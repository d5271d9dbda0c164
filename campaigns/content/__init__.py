"""Facts about the pieces and channels the scheduler sends: channel codes and limits, social post
rules, whether a piece may go out.
"""
